"""Load a learner's criteria, evidence and decisions, and compute the coverage matrix.

The matrix joins evidence (claims) and assessment (decisions), so it lives here:
evidence never imports assessment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.orm import lazyload

from portfolio.assessment.domain.achievement import (
    COUNTED,
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
from portfolio.assessment.services.common import current_version, require_reader_of
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
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.domain.vocabulary import CriterionKind
from portfolio.framework.models import Criterion, Unit
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


@cache
def _testimonies() -> Select[Testimony]:
    """A learner's testimonies (built once, then bound)."""
    return select(Testimony).where(
        Testimony.learner_id == bindparam("learner_id", type_=Integer)
    )


def learner_testimonies(session: Session, learner_id: int) -> list[Testimony]:
    """Every testimony of the learner (the matrix reads their seals)."""
    return list(session.scalars(_testimonies(), {"learner_id": learner_id}))


_ItemsSelect = Select[int, int, str, str, str, str | None, str]


@cache
def _learner_items_with_claims() -> _ItemsSelect:
    """A learner's items in every unit, one row per claimed code (built once).

    Each row: id, unit, current title, kind, status, order type, claimed code.
    """
    return (
        select(
            EvidenceItem.id,
            EvidenceItem.unit_id,
            EvidenceVersion.title,
            EvidenceItem.kind,
            EvidenceItem.status,
            EvidenceItem.order_type,
            Criterion.code,
        )
        .join(EvidenceVersion, current_version())
        .outerjoin(EvidenceClaim, EvidenceClaim.version_id == EvidenceVersion.id)
        .outerjoin(Criterion, Criterion.id == EvidenceClaim.criterion_id)
        .where(EvidenceItem.learner_id == bindparam("learner_id", type_=Integer))
        .order_by(EvidenceItem.created_at, EvidenceItem.id)
    )


@cache
def _items_with_claims() -> _ItemsSelect:
    """The same, in one unit."""
    return _learner_items_with_claims().where(
        EvidenceItem.unit_id == bindparam("unit_id", type_=Integer)
    )


# An item's unit, title, kind, status and order type, as the statements read them.
_Head = tuple[int, str, str, str, str | None]


def _grouped(rows: Iterable[Any]) -> tuple[dict[int, _Head], dict[int, set[str]]]:
    """The statements' rows as each item's head and its claimed codes."""
    heads: dict[int, _Head] = {}
    claims: dict[int, set[str]] = defaultdict(set)
    for item_id, unit_id, title, kind, status, order_type, code in rows:
        heads.setdefault(item_id, (unit_id, title, kind, status, order_type))
        if code is not None:
            claims[item_id].add(code)
    return heads, claims


def _refs(
    heads: Mapping[int, _Head],
    claims: Mapping[int, set[str]],
    testimonies: Iterable[Testimony],
    unit_id: int,
) -> list[ItemRef]:
    """The matrix's view of the items of ``unit_id``."""
    by_item = {t.item_id: t for t in testimonies}
    return [
        ItemRef(
            id=item_id,
            title=title,
            kind=kind,
            status=status,
            order_type=order_type,
            claims=frozenset(claims.get(item_id, ())),
            tampered=is_tampered(by_item.get(item_id)),
        )
        for item_id, (unit, title, kind, status, order_type) in heads.items()
        if unit == unit_id
    ]


def item_refs(
    session: Session,
    learner_id: int,
    unit_id: int,
    testimonies: Iterable[Testimony] | None = None,
) -> list[ItemRef]:
    """The matrix's view of a learner's items in two column queries.

    The same as ``item_ref`` over loaded items, without loading each version's body
    and data or a criterion row per claim: only the columns the matrix reads, the
    items and their claimed codes in one query. ``testimonies``: the learner's, if
    already loaded.
    """
    rows = session.execute(
        _items_with_claims(), {"learner_id": learner_id, "unit_id": unit_id}
    )
    heads, claims = _grouped(rows)
    if testimonies is None:
        testimonies = learner_testimonies(session, learner_id)
    return _refs(heads, claims, testimonies, unit_id)


@cache
def _unit_with_criteria() -> Select[Unit, Criterion]:
    """The first loaded unit with each of its criteria, in order (built once)."""
    first = select(func.min(Unit.id)).scalar_subquery()
    return (
        select(Unit, Criterion)
        .outerjoin(Criterion, Criterion.unit_id == Unit.id)
        .where(Unit.id == first)
        .order_by(Criterion.order, Criterion.id)
    )


def _unit_and_specs(session: Session) -> tuple[Unit, list[CriterionSpec]]:
    """The default unit and its criteria in one query.

    As ``default_unit`` then ``criterion_specs``, with the same error when no unit
    is loaded.
    """
    rows = session.execute(_unit_with_criteria()).all()
    if not rows:
        return default_unit(session), []  # raises: no unit is loaded
    return rows[0][0], [c.spec for _, c in rows if c is not None]


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
    return _matrix(session, learner_id, decisions)


def _matrix(
    session: Session,
    learner_id: int,
    decisions: Mapping[tuple[int, str], str] | None,
    testimonies: Iterable[Testimony] | None = None,
) -> Matrix:
    """``coverage_for`` once the reader is allowed (``testimonies``: if loaded)."""
    unit, specs = _unit_and_specs(session)
    refs = item_refs(session, learner_id, unit.id, testimonies)
    if decisions is None:
        decisions = _shown(current_decisions(session, [learner_id]), refs)
    return build_matrix(specs, refs, decisions)


@cache
def _user_testimonies() -> Select[User, Testimony]:
    """A user (without roles) with each of their testimonies (built once, bound)."""
    return (
        select(User, Testimony)
        .outerjoin(Testimony, Testimony.learner_id == User.id)
        .where(User.id == bindparam("learner_id", type_=Integer))
        .options(lazyload(User.role_rows))
    )


def _learner_and_testimonies(
    session: Session, learner_id: int
) -> tuple[User | None, list[Testimony]]:
    """The learner (without their roles) and their testimonies, in one query."""
    rows = session.execute(_user_testimonies(), {"learner_id": learner_id}).all()
    if not rows:
        return None, []
    return rows[0][0], [t for _, t in rows if t is not None]


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


def _matrix_and_achievement(
    session: Session, learner_id: int, testimonies: Iterable[Testimony]
) -> tuple[Matrix, Achievement]:
    """``_matrix`` and ``achievement_for`` from one read of the unit and the items.

    The matrix shows the default unit's items; achievement counts the learner's
    accepted items of any unit, as ``facts_for`` does. The unit, its criteria, the
    items and the decisions are each read once for both (four queries, not nine).
    """
    unit, specs = _unit_and_specs(session)
    rows = session.execute(_learner_items_with_claims(), {"learner_id": learner_id})
    heads, claims = _grouped(rows)
    refs = _refs(heads, claims, testimonies, unit.id)
    decided = current_decisions(session, [learner_id])
    facts = [
        EvidenceFact(item_id, kind, status, order_type, _met(decided.get(item_id)))
        for item_id, (_, _, kind, status, order_type) in heads.items()
        if status in COUNTED
    ]
    facts += [fact for _, fact in discussion_facts(session, [learner_id])]
    matrix = build_matrix(specs, refs, _shown(decided, refs))
    return matrix, achievement(specs, facts, parse_sufficiency(unit.sufficiency))


def _met(codes: Mapping[str, str] | None) -> frozenset[str]:
    """The codes a decision judged met."""
    return frozenset(c for c, v in (codes or {}).items() if v == Decision.MET)


def progress_of(
    session: Session, learner_id: int, *, actor: User
) -> tuple[Matrix, Achievement]:
    """A learner's coverage matrix and achievement, loading each table once.

    The dashboard needs both; loading them apart read the unit, criteria and
    decisions twice over.
    """
    matrix, done, _ = progress_with_testimonies(session, learner_id, actor=actor)
    return matrix, done


def progress_with_testimonies(
    session: Session, learner_id: int, *, actor: User
) -> tuple[Matrix, Achievement, list[Testimony]]:
    """As ``progress_of``, with the learner's testimonies the matrix read."""
    require_reader_of(session, actor, learner_id)
    unit, specs = _unit_and_specs(session)
    decided = current_decisions(session, [learner_id])
    testimonies = learner_testimonies(session, learner_id)
    items = item_refs(session, learner_id, unit.id, testimonies)
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
    done = achievement(specs, facts, parse_sufficiency(unit.sufficiency))
    return matrix, done, testimonies


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
    reader_checked: bool = False,
) -> CoveragePage:
    """One learner's coverage by criterion, filtered by order type and states.

    ``reader_checked``: the caller has already run ``require_reader_of`` for this
    actor and learner in this request (the page cache's scope check), so it is not
    run twice.
    """
    if not reader_checked:
        require_reader_of(session, actor, learner_id)
    # Only the name is shown: not the learner's roles; the testimonies come along
    # for the matrix's seals (one query for both).
    learner, testimonies = _learner_and_testimonies(session, learner_id)
    if learner is None:  # pragma: no cover - require_reader_of refuses first
        raise DomainError("No such learner.")
    # The unit's verdict per criterion (sufficiency included), as the dashboard,
    # the caseload and the PDF count it: accepted but not enough is "partly met".
    matrix, done = _matrix_and_achievement(session, learner_id, testimonies)
    achieved = {c.code for c in done.criteria if c.achieved}
    everything = coverage_summary(matrix, order_type=order_type, achieved=achieved)
    tally = {s: 0 for s in CoverageState}
    for _, rows in everything:
        for row in rows:
            tally[row.state] += 1
    wanted = tuple(states)
    shown = (
        coverage_summary(
            matrix, order_type=order_type, states=wanted, achieved=achieved
        )
        if wanted
        else everything  # no state filter: the same summary
    )
    return CoveragePage(learner, matrix, shown, tuple(tally.items()))
