"""Object-level scopes: whose learners, evidence and exports an actor may see."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    bindparam,
    false,
    or_,
    select,
)

from portfolio.auth.grants import AccessGrant
from portfolio.auth.models import Enrolment, User
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError

# ---- object-level scopes -------------------------------------------------------


def _scope_clauses(
    roles: frozenset[Role],
    supervisors: bool,
    actor_id: int | BindParameter[int],
    now: datetime | BindParameter[datetime],
) -> list[ColumnElement[bool]] | None:
    """The enrolments an actor with ``roles`` may see (None: every enrolment).

    Learners see their own, assessors their caseload, IQAs and admins everyone, and
    (unless ``supervisors`` is False) supervisors the learners they supervise; an EQA
    the learners of unexpired grants. ``actor_id`` and ``now`` are values, or bound
    parameters for a statement built once.
    """
    if roles & {Role.ADMIN, Role.IQA}:
        return None
    clauses: list[ColumnElement[bool]] = []
    if Role.ASSESSOR in roles:
        clauses.append(Enrolment.assessor_id == actor_id)
    if supervisors and Role.SUPERVISOR in roles:
        clauses.append(Enrolment.supervisor_id == actor_id)
    if Role.LEARNER in roles:
        clauses.append(Enrolment.learner_id == actor_id)
    if Role.EQA in roles:  # read-only, until the grant expires by itself
        grants = select(AccessGrant.learner_id).where(
            AccessGrant.grantee_id == actor_id, AccessGrant.expires_at > now
        )
        clauses.append(Enrolment.learner_id.in_(grants))
    return clauses


def _scoped(
    stmt: Select[int], clauses: list[ColumnElement[bool]] | None
) -> Select[int]:
    """``stmt`` narrowed to the enrolments ``clauses`` allow."""
    if clauses is None:
        return stmt
    return stmt.where(or_(*clauses) if clauses else false())


def learner_ids_visible_to(actor: User, *, supervisors: bool = True) -> Select[int]:
    """A SELECT of the learner ids whose records ``actor`` may see."""
    clauses = _scope_clauses(actor.roles, supervisors, actor.id, utcnow())
    return _scoped(select(Enrolment.learner_id), clauses)


def can_view_learner(session: Session, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` may see the portfolio of ``learner_id``."""
    if actor.id == learner_id and actor.has_role(Role.LEARNER):
        return True
    return _sees(session, actor, learner_id, supervisors=True)


@lru_cache(maxsize=64)
def _visible_check(roles: frozenset[Role], supervisors: bool) -> Select[int]:
    """The check "may this actor see that learner", built once per set of roles.

    The actor, the learner and the time are bound parameters (building the
    statement cost more than running it).
    """
    clauses = _scope_clauses(
        roles, supervisors, bindparam("actor_id"), bindparam("now")
    )
    stmt = select(Enrolment.learner_id).where(
        Enrolment.learner_id == bindparam("learner_id")
    )
    return _scoped(stmt, clauses).limit(1)


def _sees(session: Session, actor: User, learner_id: int, *, supervisors: bool) -> bool:
    """Whether an enrolment of ``learner_id`` is in ``actor``'s scope."""
    stmt = _visible_check(frozenset(actor.roles), supervisors)
    found = session.scalar(
        stmt, {"actor_id": actor.id, "learner_id": learner_id, "now": utcnow()}
    )
    return found is not None


def can_assess_learner(session: Session, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` is the learner's assessor (or an admin)."""
    if actor.has_role(Role.ADMIN):
        return True
    if not actor.has_role(Role.ASSESSOR) or actor.id == learner_id:
        return False
    stmt = select(Enrolment.id).where(
        Enrolment.learner_id == learner_id, Enrolment.assessor_id == actor.id
    )
    return session.scalar(stmt) is not None


# ---- evidence ------------------------------------------------------------------


def evidence_learner_ids_visible_to(actor: User) -> Select[int]:
    """Learners whose evidence ``actor`` may read (supervisors see only testimonies)."""
    return learner_ids_visible_to(actor, supervisors=False)


def can_view_evidence(session: Session, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` may read the evidence of ``learner_id``."""
    if actor.id == learner_id and actor.has_role(Role.LEARNER):
        return True
    return _sees(session, actor, learner_id, supervisors=False)


def owns_evidence(actor: User, learner_id: int) -> bool:
    """Only the learner themself may change their evidence."""
    return actor.id == learner_id and actor.has_role(Role.LEARNER)


def is_testimony_addressee(actor: User, witness_email: str) -> bool:
    """Whether the signed-in ``actor`` is the witness a testimony was sent to."""
    return actor.email.strip().casefold() == witness_email.strip().casefold()


# ---- exports -------------------------------------------------------------------


def can_export_portfolio(session: Session, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` may export (and download exports of) a portfolio.

    The same people who may read the evidence: the learner, their assessor, IQAs
    and administrators.
    """
    return can_view_evidence(session, actor, learner_id)


# ---- signed-off portfolios -----------------------------------------------------

LOCKED_MESSAGE = (
    "This portfolio has been signed off and is locked, so it cannot be changed. "
    "Ask your internal quality assurer or an administrator to unlock it."
)


class PortfolioLockedError(ConflictError):
    """A change to a portfolio that sign-off has locked."""

    def __init__(self, message: str = LOCKED_MESSAGE) -> None:
        """Carry the standard message unless another is given."""
        super().__init__(message)


def check_portfolio_unlocked(session: Session, learner_id: int) -> None:
    """Raise PortfolioLockedError when the learner's portfolio is signed off.

    Sign-off writes the lock on the enrolment (``portfolio_locked_at``), so this
    reads no assessment table.
    """
    locked_at = session.scalar(
        select(Enrolment.portfolio_locked_at).where(Enrolment.learner_id == learner_id)
    )
    if locked_at is not None:
        raise PortfolioLockedError()
