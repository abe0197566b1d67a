"""The complications a scenario can carry, one module per group, and their registry."""
