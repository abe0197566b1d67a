"""Pure assessment rules: judging, achievement, sampling, sign-off, coverage.

Standard library, ``portfolio.errors`` and the framework's domain only, so every
rule is tested without Flask or a database.
"""
