"""Pure Open Badges 3.0 rules: the credential's shape and its status."""
