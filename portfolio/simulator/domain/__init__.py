"""The simulator's pure domain: company data, scenarios, the order engine and scoring.

Standard library only (no Flask, SQLAlchemy, YAML or Faker); see the module docstrings.
"""

from __future__ import annotations

from portfolio.simulator.domain.company.catalogue import Product, Stock
from portfolio.simulator.domain.company.crm import Address, Contact, Customer
from portfolio.simulator.domain.company.model import Company, Question
from portfolio.simulator.domain.company.policy import Policy
from portfolio.simulator.domain.company.search import search_customers, search_products
from portfolio.simulator.domain.engine.actions import (
    ACTION_KINDS,
    Action,
    ActionKind,
    ActionResult,
    action_catalogue,
)
from portfolio.simulator.domain.engine.dispatch import (
    ActionOption,
    apply_action,
    available_actions,
    current_warning_list,
)
from portfolio.simulator.domain.engine.modes import RUN_MODE_VALUES, RunMode
from portfolio.simulator.domain.engine.records import LogEntry
from portfolio.simulator.domain.engine.run_state import RunState, new_run
from portfolio.simulator.domain.order.state_machine import TABLE, OrderState
from portfolio.simulator.domain.scenarios.complications.registry import (
    COMPLICATION_DEFS,
    COMPLICATION_IDS,
)
from portfolio.simulator.domain.scenarios.generation import generate_scenario
from portfolio.simulator.domain.scenarios.model import Scenario, ScenarioSpec
from portfolio.simulator.domain.scoring.answer_key.model_answer import model_answer
from portfolio.simulator.domain.scoring.answer_key.play import perfect_actions
from portfolio.simulator.domain.scoring.findings import Finding, Score
from portfolio.simulator.domain.scoring.kpis import run_kpis
from portfolio.simulator.domain.scoring.marking import score_run

COMPLICATIONS = COMPLICATION_IDS


def order_state(state: RunState) -> OrderState:
    """The order's current state."""
    return state.order.state


def is_finished(state: RunState) -> bool:
    """Whether the order is closed or cancelled."""
    return state.finished


__all__ = [
    "ACTION_KINDS",
    "COMPLICATIONS",
    "COMPLICATION_DEFS",
    "COMPLICATION_IDS",
    "RUN_MODE_VALUES",
    "TABLE",
    "Action",
    "ActionKind",
    "ActionOption",
    "ActionResult",
    "Address",
    "Company",
    "Contact",
    "Customer",
    "Finding",
    "LogEntry",
    "OrderState",
    "Policy",
    "Product",
    "Question",
    "RunMode",
    "RunState",
    "Scenario",
    "ScenarioSpec",
    "Score",
    "Stock",
    "action_catalogue",
    "apply_action",
    "available_actions",
    "current_warning_list",
    "generate_scenario",
    "is_finished",
    "model_answer",
    "new_run",
    "order_state",
    "perfect_actions",
    "run_kpis",
    "score_run",
    "search_customers",
    "search_products",
]
