"""The process's cache of decoded runs never differs from what is stored.

Each test compares a run loaded through the cache with the same run rebuilt from its
stored rows alone (a cold process), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import RunAction, SimContent
from portfolio.simulator.services import content as content_service
from portfolio.simulator.services import stored
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content


@pytest.fixture
def people(session):  # type: ignore[no-untyped-def]
    load_sim_content(session)
    return make_people(session)


def _plain(state: engine.RunState) -> object:
    """A state as plain JSON values, log included."""
    return json.loads(json.dumps(state.to_dict(), default=str))


def _cold(session, run_id: int) -> engine.RunState:  # type: ignore[no-untyped-def]
    """The run as a process that never saw it would rebuild it."""
    session.commit()
    stored.run_cache(session).clear()
    run = services.get_run(session, run_id, actor=_owner(session, run_id))
    state = services.load_run(session, run).state
    session.commit()
    return state


def _owner(session, run_id: int):  # type: ignore[no-untyped-def]
    """The learner who owns the run."""
    from portfolio.simulator.models import SimulationRun

    return session.get(SimulationRun, run_id).learner


def _warm(session, run_id: int) -> engine.RunState:  # type: ignore[no-untyped-def]
    """The run loaded in a new transaction, through whatever the cache holds."""
    session.commit()
    run = services.get_run(session, run_id, actor=_owner(session, run_id))
    return services.load_run(session, run).state


def _play(session, run, learner, count: int) -> None:  # type: ignore[no-untyped-def]
    """The first ``count`` actions of the answer key, each in its own request."""
    loaded = services.load_run(session, run)
    script = engine.perfect_actions(loaded.company, loaded.scenario)[:count]
    for action in script:
        services.take_action(
            session, run.id, actor=learner, kind=action.kind, params=dict(action.params)
        )
        session.commit()


def _start(session, learner):  # type: ignore[no-untyped-def]
    run = services.start_run(
        session, actor=learner, scenario_type="standard", difficulty="easy", seed=5
    )
    session.commit()
    return run


def test_a_run_loaded_through_the_cache_equals_its_stored_rows(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 6)
    warm = _warm(session, run.id)
    assert len(warm.log) == 6
    assert _plain(warm) == _plain(_cold(session, run.id))


def test_a_rolled_back_action_is_not_reused(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 3)
    services.take_action(
        session, run.id, actor=learner, kind="search_crm", params={"query": "Ltd"}
    )  # flushed and kept by the cache, then the request fails
    session.rollback()
    warm = _warm(session, run.id)
    assert len(warm.log) == 3 and "search_crm" not in [e.kind for e in warm.log[2:]]
    assert _plain(warm) == _plain(_cold(session, run.id))


def test_after_another_process_appended_only_the_new_rows_are_decoded(
    session, people, monkeypatch
):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 2)
    _warm(session, run.id)
    seen = stored.run_cache(session).get(run.id)
    assert seen is not None and len(seen.log) == 2
    _play(session, run, learner, 5)  # 5 more (replayed key is fine: refusals log too)
    stored.run_cache(session).put(run.id, seen)  # this process last saw 2 entries
    decoded: list[int] = []
    real = stored._entry
    monkeypatch.setattr(
        stored, "_entry", lambda row: decoded.append(row[0]) or real(row)
    )
    warm = _warm(session, run.id)
    assert decoded == [3, 4, 5, 6, 7]
    monkeypatch.undo()
    assert _plain(warm) == _plain(_cold(session, run.id))


def test_a_log_row_changed_behind_the_cache_is_read_again(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 4)
    _warm(session, run.id)
    # a restore of other data: the same run id and length, another last entry
    session.execute(
        update(RunAction)
        .where(RunAction.run_id == run.id, RunAction.seq == 4)
        .values(kind="search_crm", params='{"query":"restored"}')
    )
    warm = _warm(session, run.id)
    assert warm.log[-1].kind == "search_crm"
    assert warm.log[-1].params == {"query": "restored"}
    assert _plain(warm) == _plain(_cold(session, run.id))


def test_content_seeded_by_this_process_is_used_at_once(session, people):  # type: ignore[no-untyped-def]
    session.commit()
    before = services.content_sha(session)
    session.commit()
    row = session.scalar(select(SimContent).where(SimContent.key == "policy"))
    doc = json.loads(row.document)
    doc.setdefault("notes", "changed by a test")
    changed = content_service._store_documents(session, {"policy": doc})
    assert changed == 1
    assert services.content_sha(session) != before


def test_content_changed_by_another_process_is_seen_within_seconds(
    session, people, monkeypatch
):  # type: ignore[no-untyped-def]
    session.commit()
    before = services.content_sha(session)
    session.commit()
    session.execute(
        update(SimContent).where(SimContent.key == "policy").values(sha256="0" * 64)
    )  # another process re-seeded: this one's memo knows nothing of it
    session.commit()
    assert services.content_sha(session) == before  # read a moment ago: kept
    session.commit()
    clock = content_service.time.monotonic() + content_service.DIGEST_SECONDS
    monkeypatch.setattr(content_service.time, "monotonic", lambda: clock)
    assert services.content_sha(session) != before
