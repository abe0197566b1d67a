"""Action handlers, one module per group: look-ups, edits, processing, follow-up."""
