"""The criteria framework: units and their criteria, loaded as data."""
