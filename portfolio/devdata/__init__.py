"""Development data: the demo, the CRM generator and benchmark fixtures (never imported by runtime code)."""
