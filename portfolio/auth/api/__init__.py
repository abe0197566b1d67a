"""The JSON API of accounts: who the token belongs to."""
