"""Simulator pages: each route module registers its routes on ``simulator.bp``."""

from portfolio.simulator.views import (  # noqa: F401
    debrief,
    errors,
    handbook,
    progress,
    runs,
    tasks,
    workspace,
)
