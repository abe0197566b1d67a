"""The learner dashboard's one read around the coverage, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from portfolio.assessment.domain.rag import DEFAULT_THRESHOLDS, Thresholds
from portfolio.assessment.models import CohortPlan, UnitSignOff
from portfolio.auth.models import Enrolment
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.evidence import services as evidence
from portfolio.framework.services import default_unit
from portfolio.main import services
from portfolio.main.services import EnrolmentNames
from portfolio.simulator import services as simulator
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import seed, submitted
from tests.integration.evidence.helpers import details
from tests.web.assessment.test_query_counts import counting
from tests.web.simulator.helpers import load_sim_content


def _draft(session, learner) -> None:  # noqa: ANN001
    """An item the learner has not submitted yet."""
    evidence.create_item(
        session,
        actor=learner,
        kind="reflection",
        details=details("A draft"),
        data={"what_happened": "x"},
    )


def _home(session, learner_id: int):  # noqa: ANN001, ANN202
    """``learner_home``, asserting it sends exactly one statement."""
    session.flush()
    with counting(session.get_bind()) as seen:
        home = services.learner_home(session, learner_id)
    assert len(seen) == 1, seen
    return home


def test_enrolled_learner_reads_names_plan_counts_runs_and_sign_off(session) -> None:  # noqa: ANN001
    people = seed(session)
    learner = people["learner"]
    submitted(session, learner, ("K1",))
    submitted(session, learner, ("K2",), title="Second")
    _draft(session, learner)
    load_sim_content(session)
    for n in (1, 2, 3):
        simulator.start_run(
            session, actor=learner, scenario_type="standard", difficulty="easy", seed=n
        )
    row = session.query(Enrolment).filter_by(learner_id=learner.id).one()
    session.add(CohortPlan(cohort_id=row.cohort_id, amber_behind=3, red_behind=7))
    now = utcnow()
    session.add(  # the assessor signed: the learner's declaration is awaited
        UnitSignOff(
            learner_id=learner.id,
            unit_id=default_unit(session).id,
            assessor_declaration="Signed off.",
            assessor_signed_at=now,
            version_id=1,
        )
    )
    home = _home(session, learner.id)
    assert home.enrolment == EnrolmentNames(
        "Test cohort",
        people["assessor"].display_name,
        people["supervisor"].display_name,
        date(2026, 1, 5),
        row.planned_end_date,
    )
    assert home.thresholds == Thresholds(3, 7)
    assert home.by_status == {"submitted": 2, "draft": 1}
    assert home.run_total == 3
    assert home.sign_off_waiting is True
    assert home.has_badge is False


def test_enrolled_without_people_or_cohort_reads_nobody(session) -> None:  # noqa: ANN001
    seed(session)
    learner = make_user(session, "alone@test.example", [Role.LEARNER])
    row = make_enrolment(session, learner)
    row.cohort_id = None
    home = _home(session, learner.id)
    assert home.enrolment == EnrolmentNames(
        None, None, None, row.start_date, row.planned_end_date
    )
    assert home.thresholds == DEFAULT_THRESHOLDS
    assert (home.by_status, home.run_total) == ({}, 0)
    assert (home.sign_off_waiting, home.has_badge) == (False, False)


def test_a_learner_not_enrolled_is_read_in_the_same_one_query(session) -> None:  # noqa: ANN001
    seed(session)
    learner = make_user(session, "new@test.example", [Role.LEARNER])
    _draft(session, learner)
    now = utcnow()
    session.add(  # a locked sign-off: a badge, nothing awaited
        UnitSignOff(
            learner_id=learner.id,
            unit_id=default_unit(session).id,
            assessor_declaration="Signed off.",
            assessor_signed_at=now,
            learner_declaration="Mine.",
            learner_signed_at=now,
            locked_at=now,
            version_id=1,
        )
    )
    home = _home(session, learner.id)
    assert home.enrolment is None
    assert home.thresholds == DEFAULT_THRESHOLDS
    assert home.by_status == {"draft": 1}
    assert (home.sign_off_waiting, home.has_badge) == (False, True)


def test_another_learners_rows_are_not_counted(session) -> None:  # noqa: ANN001
    people = seed(session)
    submitted(session, people["learner_b"], ("K1",))
    home = _home(session, people["learner"].id)
    assert home.by_status == {}
    assert home.enrolment is not None
    assert home.enrolment.supervisor == people["supervisor"].display_name
