"""The outbox's vocabulary: what can happen to a message."""
