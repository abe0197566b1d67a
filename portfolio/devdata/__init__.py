"""Development data: the demo, the CRM generator, benchmark fixtures (not runtime)."""
