"""The simulated company: its policy handbook, catalogue, CRM and question bank."""
