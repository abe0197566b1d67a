"""The evidence JSON API (/api/v1/evidence): schemas apart from the resources."""
