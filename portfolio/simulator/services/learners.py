"""Learners whose simulator work the actor may see or set tasks for."""

from __future__ import annotations

from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError


def get_learner(
    session: Session, learner_id: int, *, actor: User, assess: bool = False
) -> User:
    """A learner the actor may see (or assess, with ``assess``); else NotFoundError."""
    learner = session.get(User, learner_id)
    if learner is None or not learner.has_role(Role.LEARNER):
        raise NotFoundError(f"learner {learner_id}")
    allowed = (
        scopes.can_assess_learner(session, actor, learner_id)
        if assess
        else scopes.can_view_learner(session, actor, learner_id)
    )
    if not allowed:
        raise NotFoundError(f"learner {learner_id}")
    return learner
