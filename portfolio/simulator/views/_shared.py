"""Access rules and small helpers shared by the simulator's route modules."""

from __future__ import annotations

from flask import abort

from portfolio.core.access import roles
from portfolio.core.roles import Role
from portfolio.simulator.forms import ButtonForm

LEARNER = roles(Role.LEARNER)
VIEWERS = roles(Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN)
STAFF = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN)
ASSESSORS = roles(Role.ASSESSOR, Role.ADMIN)  # assessors and admins
PER_PAGE = 20


def require_button() -> None:
    """Refuse a button post without a valid CSRF token (400)."""
    if not ButtonForm().validate_on_submit():
        abort(400)
