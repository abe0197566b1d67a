"""The coverage reads that fold queries together give what the separate reads gave."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from portfolio.assessment.domain.coverage import CoverageState
from portfolio.assessment.services import coverage as cov
from portfolio.assessment.services.achievement import achievement_for
from portfolio.assessment.services.common import criterion_specs
from portfolio.errors import DomainError, NotFoundError
from portfolio.evidence import services as evidence
from portfolio.evidence.models import EvidenceItem, Testimony
from portfolio.framework.models import Unit
from portfolio.framework.services import default_unit
from tests.factories import make_people
from tests.integration.assessment.helpers import accept, seed, submitted
from tests.integration.evidence.helpers import details


def _portfolio(session) -> dict:  # noqa: ANN001
    """A learner with accepted, submitted and unclaimed draft evidence."""
    people = seed(session)
    learner = people["learner"]
    accept(session, people["assessor"], submitted(session, learner, ("K1", "MP1")))
    submitted(session, learner, ("K2", "MP1", "R1"), title="Second", order_type=None)
    evidence.create_item(
        session,
        actor=learner,
        kind="reflection",
        details=details("Unclaimed draft", order_type="urgent"),
        data={"what_happened": "x"},
    )
    session.flush()
    return people


def test_item_refs_are_the_loaded_items_refs(session) -> None:  # noqa: ANN001
    learner = _portfolio(session)["learner"]
    unit = default_unit(session)
    loaded = session.scalars(
        select(EvidenceItem)
        .where(EvidenceItem.learner_id == learner.id)
        .order_by(EvidenceItem.created_at, EvidenceItem.id)
    )
    expected = [cov.item_ref(item) for item in loaded]
    refs = cov.item_refs(session, learner.id, unit.id)
    assert refs == expected
    assert [len(r.claims) for r in refs] == [2, 3, 0]  # the unclaimed item is kept


def test_unit_and_criteria_in_one_read_match_the_separate_reads(session) -> None:  # noqa: ANN001
    seed(session)
    unit, specs = cov._unit_and_specs(session)
    assert unit is default_unit(session)
    assert specs == criterion_specs(session, unit.id)
    assert len(specs) > 3


def test_no_unit_loaded_is_refused_as_before(session) -> None:  # noqa: ANN001
    make_people(session)
    with pytest.raises(DomainError) as separate:
        default_unit(session)
    with pytest.raises(DomainError) as folded:
        cov._unit_and_specs(session)
    assert str(folded.value) == str(separate.value)


def test_progress_with_testimonies_matches_coverage_and_achievement(session) -> None:  # noqa: ANN001
    people = _portfolio(session)
    learner = people["learner"]
    matrix, done, testimonies = cov.progress_with_testimonies(
        session, learner.id, actor=learner
    )
    assert matrix == cov.coverage_for(session, learner.id, actor=learner)
    assert done == achievement_for(session, learner.id)
    assert done.achieved_count >= 1
    mine = session.scalars(select(Testimony).where(Testimony.learner_id == learner.id))
    assert {t.id for t in testimonies} == {t.id for t in mine}
    assert cov.progress_of(session, learner.id, actor=learner) == (matrix, done)


def test_coverage_page_reads_matrix_and_achievement_as_the_separate_reads(
    session,
) -> None:  # noqa: ANN001
    """One read of unit, items and decisions gives the matrix and the verdict.

    An accepted item moved to another unit still counts for achievement (as
    ``achievement_for`` counts every unit's accepted items) but is not in the
    default unit's matrix.
    """
    people = _portfolio(session)
    learner, assessor = people["learner"], people["assessor"]
    elsewhere = accept(
        session,
        assessor,
        submitted(session, learner, ("K3",), title="Elsewhere", order_type="urgent"),
    )
    other = Unit(code="OTHER", title="Another unit")
    session.add(other)
    session.flush()
    session.execute(
        update(EvidenceItem)
        .where(EvidenceItem.id == elsewhere.item_id)
        .values(unit_id=other.id)
    )
    session.expire_all()
    testimonies = cov.learner_testimonies(session, learner.id)
    matrix, done = cov._matrix_and_achievement(session, learner.id, testimonies)
    assert matrix == cov.coverage_for(session, learner.id, actor=learner)
    assert done == achievement_for(session, learner.id)
    assert elsewhere.item_id not in {i.id for i in matrix.items}
    met_by = {c.code: c.item_ids for c in done.criteria}
    assert elsewhere.item_id in met_by["K3"]  # judged met, in the other unit
    page = cov.coverage_page(session, learner.id, actor=assessor)
    assert page.matrix == matrix
    achieved = {c.code for c in done.criteria if c.achieved}
    shown_met = {
        row.criterion.code
        for _, rows in page.groups
        for row in rows
        if row.state == CoverageState.MET
    }
    assert shown_met == achieved


def test_coverage_page_checks_the_reader_unless_the_caller_did(session) -> None:  # noqa: ANN001
    people = _portfolio(session)
    learner = people["learner"]
    outsider = people["assessor_b"]  # assesses someone else
    with pytest.raises(NotFoundError):
        cov.coverage_page(session, learner.id, actor=outsider)
    with pytest.raises(NotFoundError):
        cov.coverage_page(session, learner.id, actor=people["learner_b"])
