"""Load a learner's criteria, evidence and decisions, and compute the coverage matrix.

The matrix joins evidence (claims) and assessment (decisions), so it lives here:
evidence never imports assessment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import lazyload

from portfolio.assessment.domain.achievement import (
    Achievement,
    EvidenceFact,
    achievement,
    parse_sufficiency,
)
from portfolio.assessment.domain.coverage import (
    CoverageState,
    CriterionCoverage,
    ItemRef,
    Matrix,
    build_matrix,
    coverage_summary,
)
from portfolio.assessment.domain.judging import Decision
from portfolio.assessment.services.achievement import (
    current_decisions,
    discussion_facts,
)
from portfolio.assessment.services.common import criterion_specs, require_reader_of
from portfolio.auth.models import User
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.errors import DomainError
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import (
    EvidenceClaim,
    EvidenceItem,
    EvidenceVersion,
    Testimony,
)
from portfolio.evidence.services import is_tampered
from portfolio.framework.domain.vocabulary import CriterionKind
from portfolio.framework.models import Criterion
from portfolio.framework.services import default_unit


def item_ref(item: EvidenceItem) -> ItemRef:
    """The matrix's view of one item (claims of its current version)."""
    return ItemRef(
        id=item.id,
        title=item.current.title,
        kind=item.kind,
        status=item.status,
        order_type=item.order_type,
        claims=frozenset(c.criterion.code for c in item.current.claims),
        tampered=is_tampered(item.testimony),
    )


def item_refs(session: Session, learner_id: int, unit_id: int) -> list[ItemRef]:
    """The matrix's view of a learner's items in three column queries.

    The same as ``item_ref`` over loaded items, without loading each version's body
    and data or a criterion row per claim: only the columns the matrix reads.
    """
    current = and_(
        EvidenceVersion.item_id == EvidenceItem.id,
        EvidenceVersion.number == EvidenceItem.current_number,
    )
    mine = (EvidenceItem.learner_id == learner_id, EvidenceItem.unit_id == unit_id)
    rows = session.execute(
        select(
            EvidenceItem.id,
            EvidenceVersion.title,
            EvidenceItem.kind,
            EvidenceItem.status,
            EvidenceItem.order_type,
        )
        .join(EvidenceVersion, current)
        .where(*mine)
        .order_by(EvidenceItem.created_at, EvidenceItem.id)
    ).all()
    claims: dict[int, set[str]] = defaultdict(set)
    for item_id, code in session.execute(
        select(EvidenceItem.id, Criterion.code)
        .join(EvidenceVersion, current)
        .join(EvidenceClaim, EvidenceClaim.version_id == EvidenceVersion.id)
        .join(Criterion, Criterion.id == EvidenceClaim.criterion_id)
        .where(*mine)
    ):
        claims[item_id].add(code)
    testimonies = {
        t.item_id: t
        for t in session.scalars(
            select(Testimony).where(Testimony.learner_id == learner_id)
        )
    }
    return [
        ItemRef(
            id=item_id,
            title=title,
            kind=kind,
            status=status,
            order_type=order_type,
            claims=frozenset(claims.get(item_id, ())),
            tampered=is_tampered(testimonies.get(item_id)),
        )
        for item_id, title, kind, status, order_type in rows
    ]


def coverage_for(
    session: Session,
    learner_id: int,
    *,
    actor: User,
    decisions: Mapping[tuple[int, str], str] | None = None,
) -> Matrix:
    """The coverage matrix of one learner's portfolio for the default unit.

    ``decisions`` defaults to the assessor's current decisions on the learner's items.
    """
    require_reader_of(session, actor, learner_id)
    unit = default_unit(session)
    refs = item_refs(session, learner_id, unit.id)
    if decisions is None:
        decisions = _shown(current_decisions(session, [learner_id]), refs)
    return build_matrix(criterion_specs(session, unit.id), refs, decisions)


def _shown(
    decided: Mapping[int, Mapping[str, str]], items: Iterable[ItemRef]
) -> dict[tuple[int, str], str]:
    """The decisions the matrix shows (as ``matrix_decisions``, from loaded items).

    "Met" shows only on accepted items, so a returned item never looks achieved.
    """
    accepted = {i.id for i in items if i.status == Status.ACCEPTED}
    return {
        (item_id, code): value
        for item_id, codes in decided.items()
        for code, value in codes.items()
        if value == Decision.NOT_MET or item_id in accepted
    }


def progress_of(
    session: Session, learner_id: int, *, actor: User
) -> tuple[Matrix, Achievement]:
    """A learner's coverage matrix and achievement, loading each table once.

    The dashboard needs both; loading them apart read the unit, criteria and
    decisions twice over.
    """
    require_reader_of(session, actor, learner_id)
    unit = default_unit(session)
    specs = criterion_specs(session, unit.id)
    decided = current_decisions(session, [learner_id])
    items = item_refs(session, learner_id, unit.id)
    decisions = _shown(decided, items)
    facts = [
        EvidenceFact(
            i.id,
            i.kind,
            i.status,
            i.order_type,
            frozenset(c for c, v in decided.get(i.id, {}).items() if v == Decision.MET),
        )
        for i in items
    ]
    facts += [fact for _, fact in discussion_facts(session, [learner_id])]
    matrix = build_matrix(specs, items, decisions)
    return matrix, achievement(specs, facts, parse_sufficiency(unit.sufficiency))


def coverage_panel(session: Session, user: User) -> Matrix | None:
    """A learner's own matrix for the dashboard panel; None for others or no unit."""
    if not user.has_role(Role.LEARNER):
        return None
    try:
        return coverage_for(session, user.id, actor=user)
    except DomainError:
        return None


@dataclass(frozen=True)
class CoveragePage:
    """What the coverage page shows: the learner, the grouped criteria, the totals."""

    learner: User
    matrix: Matrix
    groups: tuple[tuple[CriterionKind, tuple[CriterionCoverage, ...]], ...]
    totals: tuple[tuple[CoverageState, int], ...]


def coverage_page(
    session: Session,
    learner_id: int,
    *,
    actor: User,
    order_type: str | None = None,
    states: Iterable[str] = (),
) -> CoveragePage:
    """One learner's coverage by criterion, filtered by order type and states."""
    matrix = coverage_for(session, learner_id, actor=actor)
    # Only the name is shown: not the learner's roles (one query fewer).
    learner = session.get(User, learner_id, options=[lazyload(User.role_rows)])
    if learner is None:  # pragma: no cover - require_reader_of refuses first
        raise DomainError("No such learner.")
    everything = coverage_summary(matrix, order_type=order_type)
    tally = {s: 0 for s in CoverageState}
    for _, rows in everything:
        for row in rows:
            tally[row.state] += 1
    return CoveragePage(
        learner,
        matrix,
        coverage_summary(matrix, order_type=order_type, states=states),
        tuple(tally.items()),
    )
