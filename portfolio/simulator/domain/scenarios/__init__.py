"""Scenario generation: model, draft, complications, briefs and the customer's facts."""
