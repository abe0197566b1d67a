"""The answer key: the model answer, the actions that play it, and their wording."""
