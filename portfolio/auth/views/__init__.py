"""The auth blueprint's route modules, registered explicitly."""

from portfolio.auth.views import (  # noqa: F401
    account,
    confirm,
    mfa,
    reset,
    signin,
    tokens,
)
