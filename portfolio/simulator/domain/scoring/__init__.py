"""Scoring a run: findings, the marking-point checks, KPIs and the answer key."""
