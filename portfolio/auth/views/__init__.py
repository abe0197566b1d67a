"""The auth blueprint's route modules, registered explicitly."""

from portfolio.auth.views import account, signin, tokens  # noqa: F401
