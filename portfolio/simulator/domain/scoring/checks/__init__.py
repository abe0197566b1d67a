"""The marking-point checks, one module per group: entry, follow-up, procedure."""
