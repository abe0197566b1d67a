"""The process's cache of decoded runs never differs from what is stored.

Each test compares a run loaded through the cache with the same run rebuilt from its
stored rows alone (a cold process), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import delete, event, select, update

from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import RunAction, SimContent, SimulationRun
from portfolio.simulator.services import content as content_service
from portfolio.simulator.services import run_cache, stored
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
    run_cache.run_cache(session).clear()
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
    seen = run_cache.run_cache(session).get(run.id)
    assert seen is not None and len(seen.log) == 2
    _play(session, run, learner, 5)  # 5 more (replayed key is fine: refusals log too)
    run_cache.run_cache(session).put(run.id, seen)  # this process last saw 2 entries
    decoded: list[int] = []
    real = stored._entry
    monkeypatch.setattr(
        stored, "_entry", lambda row: decoded.append(row[0]) or real(row)
    )
    warm = _warm(session, run.id)
    assert decoded == [3, 4, 5, 6, 7]
    monkeypatch.undo()
    assert _plain(warm) == _plain(_cold(session, run.id))


def test_a_restored_run_is_read_again(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 4)
    _warm(session, run.id)
    # a restore of other data: the same run id, version and length, another last
    # entry, and the run row as that backup stored it (another updated_at)
    session.execute(
        update(RunAction)
        .where(RunAction.run_id == run.id, RunAction.seq == 4)
        .values(kind="search_crm", params='{"query":"restored"}')
    )
    when = session.get(SimulationRun, run.id).updated_at
    session.execute(
        update(SimulationRun)
        .where(SimulationRun.id == run.id)
        .values(updated_at=when - timedelta(seconds=1))
    )
    warm = _warm(session, run.id)
    assert warm.log[-1].kind == "search_crm"
    assert warm.log[-1].params == {"query": "restored"}
    assert _plain(warm) == _plain(_cold(session, run.id))


def test_a_run_restored_to_an_earlier_version_is_read_again(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 2)
    session.commit()
    earlier = session.execute(
        select(
            SimulationRun.state, SimulationRun.version, SimulationRun.updated_at
        ).where(SimulationRun.id == run.id)
    ).one()
    _play(session, run, learner, 5)  # 5 more
    assert len(_warm(session, run.id).log) == 7
    session.execute(
        delete(RunAction).where(RunAction.run_id == run.id, RunAction.seq > 2)
    )
    session.execute(
        update(SimulationRun)
        .where(SimulationRun.id == run.id)
        .values(
            state=earlier.state, version=earlier.version, updated_at=earlier.updated_at
        )
    )
    session.commit()
    session.expire_all()
    warm = _warm(session, run.id)
    assert len(warm.log) == 2
    assert _plain(warm) == _plain(_cold(session, run.id))


def _statements(session):  # type: ignore[no-untyped-def]
    """The SQL statements run on the session's connection from now on."""
    seen: list[str] = []
    event.listen(
        session.get_bind(), "before_cursor_execute", lambda *a: seen.append(a[2])
    )
    return seen


def test_an_unchanged_run_is_served_without_reading_its_log(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 3)  # stored by this process: kept after each commit
    seen = _statements(session)
    warm = _warm(session, run.id)
    assert len(warm.log) == 3
    assert not [s for s in seen if "simulation_action" in s]
    assert _plain(warm) == _plain(_cold(session, run.id))


def test_a_run_changed_elsewhere_under_the_same_version_is_read_again(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 3)
    _warm(session, run.id)
    # written outside the ORM (no version bump): updated_at still moves
    session.execute(
        update(SimulationRun)
        .where(SimulationRun.id == run.id)
        .values(state=SimulationRun.state)
    )
    seen = _statements(session)
    warm = _warm(session, run.id)
    assert [s for s in seen if "simulation_action" in s]  # checked against its rows
    assert _plain(warm) == _plain(_cold(session, run.id))


def test_an_action_is_kept_only_once_committed(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 2)
    _warm(session, run.id)
    services.take_action(
        session, run.id, actor=learner, kind="search_crm", params={"query": "Ltd"}
    )
    kept = run_cache.run_cache(session).get(run.id)
    assert kept is not None and len(kept.log) == 2  # not yet: still uncommitted
    session.commit()
    kept = run_cache.run_cache(session).get(run.id)
    assert kept is not None and len(kept.log) == 3
    assert kept.stamp == run_cache.stamp_of(session.get(SimulationRun, run.id))


def test_an_action_rolled_back_to_a_savepoint_is_not_kept(session, people):  # type: ignore[no-untyped-def]
    learner = people["learner"]
    run = _start(session, learner)
    _play(session, run, learner, 2)
    _warm(session, run.id)
    session.commit()
    nested = session.begin_nested()
    services.take_action(
        session, run.id, actor=learner, kind="search_crm", params={"query": "Ltd"}
    )
    nested.rollback()
    session.commit()
    kept = run_cache.run_cache(session).get(run.id)
    assert kept is None or len(kept.log) == 2
    warm = _warm(session, run.id)
    assert len(warm.log) == 2
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
