"""The learner's order: lines and totals, its state machine, and required approvals."""
