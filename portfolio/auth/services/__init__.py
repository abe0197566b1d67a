"""Account, session and API-token use cases."""
