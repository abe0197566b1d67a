"""The evidence pages: each route module adds its routes to ``evidence.bp``."""

from portfolio.evidence.views import (  # noqa: F401 - importing registers the routes
    coverage,
    edit,
    files,
    items,
    signing,
    simulator_runs,
    template_globals,
    testimony,
)
