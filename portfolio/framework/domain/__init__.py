"""The framework's pure vocabulary: order types, criterion kinds and their labels."""
