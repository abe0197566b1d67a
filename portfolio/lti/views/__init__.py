"""LTI pages; importing this package registers the route modules."""

from portfolio.lti.views import activities, deep_link, launch, platforms  # noqa: F401
