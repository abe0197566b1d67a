"""Load what achievement needs in a fixed number of queries and apply the rules."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache

from sqlalchemy import Select, bindparam, func, select

from portfolio.assessment.domain.achievement import (
    COUNTED,
    Achievement,
    EvidenceFact,
    achievement,
    parse_sufficiency,
)
from portfolio.assessment.domain.judging import Decision
from portfolio.assessment.models import ItemDecision, Judgement, ProfessionalDiscussion
from portfolio.assessment.services.common import criterion_specs
from portfolio.core.typing import Session
from portfolio.evidence.domain.kinds import Kind
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.models import Criterion
from portfolio.framework.services import default_unit


def unit_rules(session: Session) -> tuple[list[CriterionSpec], dict[str, int]]:
    """The default unit's criteria and sufficiency rule."""
    unit = default_unit(session)
    return criterion_specs(session, unit.id), parse_sufficiency(unit.sufficiency)


def _newest_decision_ids(learner_ids: list[int]) -> Select[int]:
    """Each item's newest decision that is not reopened (and has judgements)."""
    return (
        select(func.max(ItemDecision.id))
        .join(Judgement, Judgement.decision_id == ItemDecision.id)
        .where(
            ItemDecision.learner_id.in_(learner_ids),
            ItemDecision.reopened_at.is_(None),
        )
        .group_by(ItemDecision.item_id)
    )


@cache
def _open_judgements() -> Select[int, int, str, str]:
    """The learners' judgements on decisions not reopened (built once, then bound)."""
    return (
        select(
            ItemDecision.item_id, ItemDecision.id, Criterion.code, Judgement.decision
        )
        .join(Judgement, Judgement.decision_id == ItemDecision.id)
        .join(Criterion, Criterion.id == Judgement.criterion_id)
        .where(
            ItemDecision.learner_id.in_(bindparam("ids", expanding=True)),
            ItemDecision.reopened_at.is_(None),
        )
    )


def current_decisions(
    session: Session, learner_ids: Iterable[int]
) -> dict[int, dict[str, str]]:
    """{item id: {code: decision}} from each item's newest decision not reopened.

    One plain join over the learners' judgements on decisions not reopened; the
    newest decision per item (the highest id with judgements, as
    ``_newest_decision_ids``) is picked here: the same rows, without a grouped
    subquery for the database to plan on every page.
    """
    ids = list(learner_ids)
    rows = session.execute(_open_judgements(), {"ids": ids}).all()
    newest: dict[int, int] = {}
    for item_id, decision_id, _, _ in rows:
        newest[item_id] = max(decision_id, newest.get(item_id, decision_id))
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for item_id, decision_id, code, value in rows:
        if decision_id == newest[item_id]:
            found[item_id][code] = value
    return found


def _met_on_counted(session: Session, ids: list[int]) -> dict[int, set[str]]:
    """{item id: codes met} for counted (accepted) items: only rows that can count."""
    rows = session.execute(
        select(ItemDecision.item_id, Criterion.code)
        .join(Judgement, Judgement.decision_id == ItemDecision.id)
        .join(Criterion, Criterion.id == Judgement.criterion_id)
        .join(EvidenceItem, EvidenceItem.id == ItemDecision.item_id)
        .where(
            ItemDecision.id.in_(_newest_decision_ids(ids)),
            Judgement.decision == Decision.MET,
            EvidenceItem.status.in_(list(COUNTED)),
        )
    )
    met: dict[int, set[str]] = defaultdict(set)
    for item_id, code in rows:
        met[item_id].add(code)
    return met


@cache
def _discussions() -> Select[int, int, str]:
    """The learners' discussion records: id, learner, codes (built once, then bound)."""
    return select(
        ProfessionalDiscussion.id,
        ProfessionalDiscussion.learner_id,
        ProfessionalDiscussion.criteria_codes,
    ).where(ProfessionalDiscussion.learner_id.in_(bindparam("ids", expanding=True)))


def discussion_facts(
    session: Session, ids: list[int]
) -> Iterable[tuple[int, EvidenceFact]]:
    """(learner id, fact) for every discussion record: accepted as recorded."""
    rows = session.execute(_discussions(), {"ids": list(ids)})
    for pd_id, learner_id, codes in rows:
        fact = EvidenceFact(
            -pd_id,
            Kind.PROFESSIONAL_DISCUSSION,
            Status.ACCEPTED,
            None,
            frozenset(json.loads(codes or "[]")),
        )
        yield learner_id, fact


def facts_for(
    session: Session, learner_ids: Iterable[int]
) -> dict[int, list[EvidenceFact]]:
    """Every learner's counted evidence facts (items and discussions) in three queries.

    Only items whose status counts towards achievement are loaded (the rules ignore
    the rest), with just the columns the rules read and only "met" judgements.
    """
    ids = list(learner_ids)
    met = _met_on_counted(session, ids)
    facts: dict[int, list[EvidenceFact]] = defaultdict(list)
    items = session.execute(
        select(
            EvidenceItem.id,
            EvidenceItem.learner_id,
            EvidenceItem.kind,
            EvidenceItem.status,
            EvidenceItem.order_type,
        ).where(
            EvidenceItem.learner_id.in_(ids), EvidenceItem.status.in_(list(COUNTED))
        )
    )
    for item_id, learner_id, kind, status, order_type in items:
        codes = frozenset(met.get(item_id, ()))
        facts[learner_id].append(EvidenceFact(item_id, kind, status, order_type, codes))
    for learner_id, fact in discussion_facts(session, ids):
        facts[learner_id].append(fact)
    return facts


def achievements_for(
    session: Session, learner_ids: Iterable[int]
) -> dict[int, Achievement]:
    """Achievement per learner, at a fixed number of queries."""
    ids = list(learner_ids)
    specs, sufficiency = unit_rules(session)
    facts = facts_for(session, ids)
    # Achievement is immutable: learners without counted evidence share one result.
    nothing = achievement(specs, [], sufficiency)
    return {
        lid: achievement(specs, found, sufficiency)
        if (found := facts.get(lid))
        else nothing
        for lid in ids
    }


def achievement_for(session: Session, learner_id: int) -> Achievement:
    """One learner's achievement."""
    return achievements_for(session, [learner_id])[learner_id]


def matrix_decisions(
    session: Session, learner_id: int
) -> Mapping[tuple[int, str], str]:
    """Decisions for the coverage matrix: {(item id, code): met/not_met}.

    "Met" shows only on accepted items, so a returned item never looks achieved.
    """
    accepted = set(
        session.scalars(
            select(EvidenceItem.id).where(
                EvidenceItem.learner_id == learner_id,
                EvidenceItem.status == Status.ACCEPTED,
            )
        )
    )
    return {
        (item_id, code): value
        for item_id, codes in current_decisions(session, [learner_id]).items()
        for code, value in codes.items()
        if value == Decision.NOT_MET or item_id in accepted
    }
