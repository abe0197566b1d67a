"""Simulator pages: each route module registers its routes on ``simulator.bp``."""

from portfolio.simulator import bp
from portfolio.simulator.presenters.action_html import action
from portfolio.simulator.presenters.fields import action_fields
from portfolio.simulator.views import (  # noqa: F401
    debrief,
    errors,
    handbook,
    progress,
    runs,
    tasks,
    workspace,
)

bp.add_app_template_global(action, "simulator_action")
bp.add_app_template_global(action_fields, "simulator_action_fields")
