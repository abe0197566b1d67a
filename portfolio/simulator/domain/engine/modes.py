"""Run modes: assessment (a real order system) or practice (guided, with hints)."""

from __future__ import annotations

from enum import StrEnum


class RunMode(StrEnum):
    """How strictly the engine guards the learner's procedure."""

    ASSESSMENT = "assessment"
    PRACTICE = "practice"


RUN_MODE_VALUES: tuple[str, ...] = tuple(m.value for m in RunMode)

# Refusals a real order system gives in either mode (ERPNext, Odoo, Tryton):
# an account on stop, a discontinued or unknown code, a pack-rule quantity,
# and credit control on an account over its limit.
SYSTEM_CODES = frozenset(
    {
        "discontinued",
        "unknown_product",
        "pack_size",
        "min_qty",
        "credit",
        "on_stop",
        "account_on_stop",
        "incomplete",
        "submitted",
        "unknown_account",
        "unknown_contact",
        "unknown_line",
        "options",
        "quantity",
        "discount_limit",
    }
)


def enforced(mode: RunMode, code: str) -> bool:
    """Whether a guard with ``code`` refuses in ``mode``."""
    return mode is RunMode.PRACTICE or code in SYSTEM_CODES
