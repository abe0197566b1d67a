"""The assessment JSON API (/api/v1/assessment): schemas apart from the resources."""
