"""The auth blueprint's route modules, registered explicitly."""

from portfolio.auth.views import account, mfa, reset, signin, tokens  # noqa: F401
