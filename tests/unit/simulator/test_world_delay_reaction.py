"""The customer's persona words their reply when told of a delay."""

from __future__ import annotations

from dataclasses import replace

from portfolio.simulator.domain.people.persona import PERSONAS, PersonaKind


def _delay_reply(sim, sc) -> str:
    """The customer's reply to the learner's follow-up of the supplier delay."""
    st = sim.replay(sc, sim.perfect(sc))
    delay = next(e for e in st.events if e.kind == "supplier_delay")
    entry = next(
        e for e in st.log
        if e.kind == "log_follow_up" and e.accepted and e.sim_time >= delay.at
    )
    return str(entry.outcome.get("reply_text", ""))


def _as(sc, kind: str):
    return replace(sc, truth=replace(sc.truth, persona=kind))


def test_a_demanding_and_a_patient_customer_react_differently_to_the_same_delay(sim):
    sc = sim.find("standard", "supplier_delay")
    patient = _delay_reply(sim, _as(sc, "patient"))
    demanding = _delay_reply(sim, _as(sc, "demanding"))
    assert patient and demanding and patient != demanding
    assert patient.removeprefix("Customer: ") in PERSONAS[PersonaKind.PATIENT].on_delay
    assert demanding.removeprefix("Customer: ") in PERSONAS[PersonaKind.DEMANDING].on_delay


def test_the_same_seed_gives_the_same_delay_reaction(sim):
    sc = sim.find("standard", "supplier_delay")
    again = sim.scenario(sc.type.value, sc.difficulty.value, sc.seed, ("supplier_delay",))
    assert _delay_reply(sim, sc) == _delay_reply(sim, again)
    assert _delay_reply(sim, sc)


def test_a_follow_up_with_no_delay_pending_draws_no_delay_reaction(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    st = sim.replay(sc, sim.perfect(sc))
    replies = [e.outcome.get("reply_text") for e in st.log if e.kind == "log_follow_up"]
    assert not any(replies)
