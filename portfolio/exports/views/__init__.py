"""Export routes: register the route modules on the exports blueprint."""

from portfolio.exports.views import exports, packs, verify  # noqa: F401
