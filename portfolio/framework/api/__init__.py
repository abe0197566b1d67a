"""The framework JSON API (read only): units and their criteria."""
