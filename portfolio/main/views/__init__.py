"""Dashboard pages: each route module registers its routes on ``main.bp``."""

from portfolio.main.views import dashboard, health  # noqa: F401
