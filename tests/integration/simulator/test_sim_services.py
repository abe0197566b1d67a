"""Simulator services on SQLite and PostgreSQL: persistence, scoping, the action log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import RunAction, SimulationRun
from tests.factories import make_people
from tests.web.simulator.helpers import finished_run, load_sim_content, play_perfect


@pytest.fixture
def people(session):  # type: ignore[no-untyped-def]
    load_sim_content(session)
    return make_people(session)


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("scenario_type", ["standard", "bespoke", "urgent"])
def test_perfect_run_through_the_service_layer_meets_everything(
    session, people, scenario_type
):  # type: ignore[no-untyped-def]
    run = finished_run(session, people["learner"], scenario_type, seed=21)
    session.commit()
    assert run.status == "finished" and run.all_met and run.criteria_met == 4
    score = json.loads(run.score)
    assert set(score["criteria"]) == {"MP1", "MP2", "MP3", "MP4"}
    kpis = json.loads(run.kpis)
    assert kpis["converted"] and kpis["first_time_right"]
    rows = session.scalars(
        select(RunAction).where(RunAction.run_id == run.id).order_by(RunAction.seq)
    ).all()
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"simulator.run_start", "simulator.run_finish"} <= actions


def test_run_resumes_exactly_after_a_restart(session, people, db_app, tmp_path):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = services.start_run(
        session, actor=learner, scenario_type="standard", difficulty="medium", seed=77
    )
    loaded = services.load_run(session, run)
    script = engine.perfect_actions(loaded.company, loaded.scenario)
    half = len(script) // 2
    for action in script[:half]:
        services.take_action(
            session, run.id, actor=learner, kind=action.kind, params=dict(action.params)
        )
    session.commit()
    before = run.state
    run_id = run.id
    session.expunge_all()  # a new process would start from the stored rows only
    reloaded = session.get(SimulationRun, run_id)
    assert reloaded.state == before
    state = services.load_run(session, reloaded).state
    assert len(state.log) == half
    expected = engine.new_run(
        loaded.company, loaded.scenario
    )  # the same actions, purely
    for action in script[:half]:
        expected = engine.apply_action(
            loaded.company, loaded.scenario, expected, action
        ).state
    plain = lambda st: json.loads(json.dumps(st.to_dict(), default=str))  # noqa: E731
    assert plain(state) == plain(expected)
    learner = session.merge(learner)
    for action in script[half:]:
        services.take_action(
            session, run_id, actor=learner, kind=action.kind, params=dict(action.params)
        )
    session.commit()
    assert session.get(SimulationRun, run_id).all_met


def test_other_people_cannot_act_or_see(session, people):  # type: ignore[no-untyped-def]
    run = services.start_run(
        session,
        actor=people["learner"],
        scenario_type="standard",
        difficulty="easy",
        seed=1,
    )
    with pytest.raises(NotFoundError):
        services.take_action(
            session, run.id, actor=people["learner_b"], kind="read_brief", params={}
        )
    with pytest.raises(NotFoundError):
        services.get_run(session, run.id, actor=people["assessor_b"])
    with pytest.raises(NotFoundError):
        services.get_run(session, run.id, actor=people["supervisor"])
    assert services.get_run(session, run.id, actor=people["assessor"]) is run
    with pytest.raises(NotFoundError):
        services.get_answer_key(session, run.id, actor=people["learner"])
    key = services.get_answer_key(session, run.id, actor=people["assessor"])
    assert key.truth and key.model_answer


def test_bad_params_write_nothing_and_refusals_are_logged(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = services.start_run(
        session, actor=learner, scenario_type="standard", difficulty="easy", seed=2
    )
    session.commit()
    state_before = run.state
    for kind, params, field in [
        ("add_line", {"code": "X", "qty": "lots"}, "qty"),
        ("nonsense", {}, "kind"),
        ("search_crm", {}, "query"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.take_action(
                session, run.id, actor=learner, kind=kind, params=params
            )
        assert exc.value.field == field
        session.rollback()
    assert _count(session, RunAction) == 0 and run.state == state_before
    entry = services.take_action(
        session, run.id, actor=learner, kind="submit_order", params={}
    )
    assert entry.accepted is False and entry.reasons
    row = session.scalars(select(RunAction)).one()
    assert row.accepted is False and json.loads(row.reasons)
    assert (
        services.load_run(session, run).state.order.state == engine.OrderState.RECEIVED
    )


def test_finished_runs_refuse_actions_and_stale_versions_conflict(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    done = finished_run(session, learner, seed=5)
    with pytest.raises(ConflictError):
        services.take_action(
            session, done.id, actor=learner, kind="read_brief", params={}
        )
    run = services.start_run(
        session, actor=learner, scenario_type="urgent", difficulty="easy", seed=5
    )
    session.flush()
    with pytest.raises(ConflictError):
        services.take_action(
            session,
            run.id,
            actor=learner,
            kind="read_brief",
            params={},
            expected_version=run.version + 1,
        )


def test_start_spec_is_validated(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    for kwargs, field in [
        ({"scenario_type": "weird", "difficulty": "easy"}, "scenario_type"),
        ({"scenario_type": "standard", "difficulty": "x"}, "difficulty"),
        ({"scenario_type": "standard", "difficulty": "easy", "seed": -1}, "seed"),
        (
            {
                "scenario_type": "standard",
                "difficulty": "easy",
                "complications": ["dragons"],
            },
            "complications",
        ),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.start_run(session, actor=learner, **kwargs)
        assert exc.value.field == field
    assert _count(session, SimulationRun) == 0
    with pytest.raises(NotFoundError):
        services.start_run(
            session,
            actor=people["assessor"],
            scenario_type="standard",
            difficulty="easy",
        )


def test_tasks_are_scoped_to_the_caseload_and_start_their_scenario(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    with pytest.raises(NotFoundError):
        services.create_task(
            session,
            actor=people["assessor_b"],
            learner=learner,
            scenario_type="standard",
            difficulty="easy",
            complications=["stock_shortage"],
        )
    task = services.create_task(
        session,
        actor=people["assessor"],
        learner=learner,
        scenario_type="standard",
        difficulty="easy",
        complications=["stock_shortage", "credit_problem"],
    )
    assert services.list_open_tasks(session, actor=learner) == [task]
    run = services.start_task(session, task.id, actor=learner)
    scenario = services.load_run(session, run).scenario
    assert set(scenario.complications) == {"stock_shortage", "credit_problem"}
    assert services.list_open_tasks(session, actor=learner) == []
    with pytest.raises(NotFoundError):
        services.start_task(session, task.id, actor=people["learner_b"])


def test_practise_again_replays_the_same_scenario(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    first = services.start_run(
        session, actor=learner, scenario_type="bespoke", difficulty="hard", seed=314
    )
    again = services.start_again(session, first.id, actor=learner)
    assert again.id != first.id and again.scenario == first.scenario
    play_perfect(session, again, learner)
    assert again.all_met


def test_documents_and_the_portfolio_mark_need_an_own_finished_run(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    active = services.start_run(
        session, actor=learner, scenario_type="standard", difficulty="easy", seed=5
    )
    with pytest.raises(ConflictError):
        services.run_documents(session, active.id, actor=learner)
    with pytest.raises(ConflictError):
        services.mark_run_in_portfolio(session, active.id, actor=learner)
    done = finished_run(session, learner, "urgent", seed=12)
    with pytest.raises(NotFoundError):
        services.run_documents(session, done.id, actor=people["learner_b"])
    with pytest.raises(NotFoundError):
        services.mark_run_in_portfolio(session, done.id, actor=people["assessor"])
    docs = services.run_documents(session, done.id, actor=learner)
    assert docs["order_type"] == "urgent" and docs["criteria"]
    kinds = [d["kind"] for d in docs["documents"]]
    assert kinds[0] == "order_form" and "confirmation_email" in kinds
    assert done.in_portfolio_at is None
    marked = services.mark_run_in_portfolio(session, done.id, actor=learner)
    first = marked.in_portfolio_at
    assert first is not None
    services.mark_run_in_portfolio(session, done.id, actor=learner)
    assert done.in_portfolio_at == first  # marking twice keeps the first time


def test_progress_counts_finished_runs_by_order_type(session, people):  # type: ignore[no-untyped-def]
    from portfolio.framework.domain.vocabulary import OrderType

    learner = people["learner"]
    finished_run(session, learner, "bespoke", seed=8)
    abandoned = services.start_run(
        session, actor=learner, scenario_type="urgent", difficulty="easy", seed=9
    )
    services.abandon_run(session, abandoned.id, actor=learner)
    progress = services.get_progress(session, learner.id, actor=learner)
    assert progress.summary.completed == 1 and progress.summary.abandoned == 1
    assert progress.by_type[OrderType.BESPOKE] == 1
    assert progress.missing == (OrderType.STANDARD, OrderType.URGENT)
    assert progress.summary.competent_runs == 1
    staff = services.get_progress(session, learner.id, actor=people["assessor"])
    assert staff.summary == progress.summary
    with pytest.raises(NotFoundError):
        services.get_progress(session, learner.id, actor=people["assessor_b"])
