"""Tamper-evident audit trail: every state change is recorded here."""
