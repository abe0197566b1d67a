"""The run state's typed changes and its stored form, including older stored runs."""

from __future__ import annotations

from dataclasses import fields
from typing import get_type_hints

from portfolio.simulator.domain import RunState
from portfolio.simulator.domain.engine.run_state import Changes, Supply, evolve


def test_evolve_accepts_exactly_the_fields_of_the_run_state():
    assert set(Changes.__annotations__) == {f.name for f in fields(RunState)}
    assert get_type_hints(Changes) == {
        name: hint
        for name, hint in get_type_hints(RunState).items()
        if name in Changes.__annotations__
    }


def test_evolve_changes_only_what_it_is_given():
    st = RunState()
    new = evolve(st, clock=30, opened=("C1",))
    assert (new.clock, new.opened, new.log) == (30, ("C1",), st.log)
    assert st.clock == 0


def test_supply_round_trips_through_the_stored_form():
    supply = Supply(
        incoming={"A": 3}, mto={"B": 9}, backorder={"C": (4, 21)}, short_done=("EV1",)
    )
    st = evolve(RunState(), supply=supply)
    assert RunState.from_dict(st.to_dict()) == st


def test_a_run_stored_before_supply_was_typed_still_loads():
    stored = RunState().to_dict()
    stored["supply"] = {"backorder": {"C": [4, 21]}, "short_done": ["EV1"]}
    loaded = RunState.from_dict(stored).supply
    assert loaded == Supply(backorder={"C": (4, 21)}, short_done=("EV1",))
    assert RunState.from_dict({**stored, "supply": {}}).supply == Supply()
