"""Badge pages; importing this package registers the route modules."""

from portfolio.badges.views import credentials  # noqa: F401
