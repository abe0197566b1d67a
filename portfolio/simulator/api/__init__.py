"""The simulator's JSON API: schemas apart from the resources that define ``blp``."""
