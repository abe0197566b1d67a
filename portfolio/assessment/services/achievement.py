"""Load what achievement needs in a fixed number of queries and apply the rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import select

from portfolio.assessment.domain.achievement import (
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


def current_decisions(
    session: Session, learner_ids: Iterable[int]
) -> dict[int, dict[str, str]]:
    """{item id: {code: decision}} from each item's newest decision not reopened."""
    rows = session.execute(
        select(
            ItemDecision.item_id, ItemDecision.id, Criterion.code, Judgement.decision
        )
        .join(Judgement, Judgement.decision_id == ItemDecision.id)
        .join(Criterion, Criterion.id == Judgement.criterion_id)
        .where(
            ItemDecision.learner_id.in_(list(learner_ids)),
            ItemDecision.reopened_at.is_(None),
        )
    ).all()
    newest: dict[int, int] = {}
    for item_id, decision_id, _code, _value in rows:
        newest[item_id] = max(newest.get(item_id, 0), decision_id)
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for item_id, decision_id, code, value in rows:
        if decision_id == newest[item_id]:
            found[item_id][code] = value
    return found


def discussion_facts(
    session: Session, ids: list[int]
) -> Iterable[tuple[int, EvidenceFact]]:
    """(learner id, fact) for every discussion record: accepted as recorded."""
    for pd in session.scalars(
        select(ProfessionalDiscussion).where(ProfessionalDiscussion.learner_id.in_(ids))
    ):
        fact = EvidenceFact(
            -pd.id,
            Kind.PROFESSIONAL_DISCUSSION,
            Status.ACCEPTED,
            None,
            frozenset(pd.criteria),
        )
        yield pd.learner_id, fact


def facts_for(
    session: Session, learner_ids: Iterable[int]
) -> dict[int, list[EvidenceFact]]:
    """Every learner's evidence facts (items and discussions) in three queries."""
    ids = list(learner_ids)
    decided = current_decisions(session, ids)
    facts: dict[int, list[EvidenceFact]] = defaultdict(list)
    items = session.execute(
        select(
            EvidenceItem.id,
            EvidenceItem.learner_id,
            EvidenceItem.kind,
            EvidenceItem.status,
            EvidenceItem.order_type,
        ).where(EvidenceItem.learner_id.in_(ids))
    )
    for item_id, learner_id, kind, status, order_type in items:
        met = frozenset(
            c for c, v in decided.get(item_id, {}).items() if v == Decision.MET
        )
        facts[learner_id].append(EvidenceFact(item_id, kind, status, order_type, met))
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
    return {lid: achievement(specs, facts.get(lid, []), sufficiency) for lid in ids}


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
