"""Object-level scopes: whose learners, evidence and exports an actor may see."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import BindParameter, Select, bindparam, false, or_, select

from portfolio.auth.grants import AccessGrant
from portfolio.auth.models import Enrolment, User
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError

# ---- object-level scopes -------------------------------------------------------


def granted_learner_ids(grantee_id: int) -> Select[int]:
    """Learners an EQA's unexpired grants cover."""
    return select(AccessGrant.learner_id).where(
        AccessGrant.grantee_id == grantee_id, AccessGrant.expires_at > utcnow()
    )


def learner_ids_visible_to(actor: User, *, supervisors: bool = True) -> Select[int]:
    """A SELECT of the learner ids whose records ``actor`` may see.

    Learners see their own, assessors their caseload, IQAs and admins everyone, and
    (unless ``supervisors`` is False) supervisors the learners they supervise.
    """
    stmt = select(Enrolment.learner_id)
    if actor.has_role(Role.ADMIN, Role.IQA):
        return stmt
    clauses = []
    if actor.has_role(Role.ASSESSOR):
        clauses.append(Enrolment.assessor_id == actor.id)
    if supervisors and actor.has_role(Role.SUPERVISOR):
        clauses.append(Enrolment.supervisor_id == actor.id)
    if actor.has_role(Role.LEARNER):
        clauses.append(Enrolment.learner_id == actor.id)
    if actor.has_role(Role.EQA):  # read-only, until the grant expires by itself
        clauses.append(Enrolment.learner_id.in_(granted_learner_ids(actor.id)))
    if not clauses:
        return stmt.where(false())
    return stmt.where(or_(*clauses))


@lru_cache(maxsize=64)
def _visible_check(roles: frozenset[Role], supervisors: bool) -> Select[int]:
    """The check "may this actor see that learner", built once per set of roles.

    The same clauses as ``learner_ids_visible_to``, with the actor, the learner and
    the time as bound parameters (building the statement cost more than running it).
    """
    actor: BindParameter[int] = bindparam("actor_id")
    stmt = select(Enrolment.learner_id).where(
        Enrolment.learner_id == bindparam("learner_id")
    )
    if roles & {Role.ADMIN, Role.IQA}:
        return stmt.limit(1)
    clauses = []
    if Role.ASSESSOR in roles:
        clauses.append(Enrolment.assessor_id == actor)
    if supervisors and Role.SUPERVISOR in roles:
        clauses.append(Enrolment.supervisor_id == actor)
    if Role.LEARNER in roles:
        clauses.append(Enrolment.learner_id == actor)
    if Role.EQA in roles:
        grants = select(AccessGrant.learner_id).where(
            AccessGrant.grantee_id == actor, AccessGrant.expires_at > bindparam("now")
        )
        clauses.append(Enrolment.learner_id.in_(grants))
    if not clauses:
        return stmt.where(false()).limit(1)
    return stmt.where(or_(*clauses)).limit(1)


def _sees(session: Session, actor: User, learner_id: int, *, supervisors: bool) -> bool:
    """Whether an enrolment of ``learner_id`` is in ``actor``'s scope."""
    stmt = _visible_check(frozenset(actor.roles), supervisors)
    found = session.scalar(
        stmt, {"actor_id": actor.id, "learner_id": learner_id, "now": utcnow()}
    )
    return found is not None


def can_view_learner(session: Session, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` may see the portfolio of ``learner_id``."""
    if actor.id == learner_id and actor.has_role(Role.LEARNER):
        return True
    return _sees(session, actor, learner_id, supervisors=True)


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
