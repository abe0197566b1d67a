"""The evidence domain: pure rules and vocabulary, tested without Flask or a DB."""
