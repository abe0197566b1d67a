"""The mail pages: each route module adds its routes to ``portfolio.mail.bp``."""

from portfolio.mail.views import outbox  # noqa: F401 - importing registers the routes
