"""The lifecycle of a real order: number, pick, dispatch, deliver, and its documents."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

from portfolio.simulator.domain import RunMode, model_answer, new_run
from portfolio.simulator.domain.clock import at, parse_start
from portfolio.simulator.presenters.documents import document_views
from portfolio.simulator.services.portfolio import lifecycle_documents


def _assess(sim, sc, actions=None, **replay):
    state = new_run(sim.company, sc, RunMode.ASSESSMENT)
    if replay:
        return sim.replay(sc, actions or sim.perfect(sc), state=state, **replay)
    return sim.play(sc, actions or sim.perfect(sc), state=state)


def _moment(sc, minutes):
    return at(parse_start(sc.start), minutes)


def test_pick_dispatch_and_delivery_are_separate_stages_on_the_calendar(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    st = _assess(sim, sc)
    kinds = [e.kind for e in st.events]
    assert kinds == ["picked", "dispatched", "delivery"]
    picked, dispatched, delivered = st.events
    assert picked.at < dispatched.at < delivered.at
    cal = sim.company.calendar
    sent = _moment(sc, dispatched.at)
    assert cal.is_working_day(sent.date()) and sent.time() == cal.dispatch_cutoff
    arrived = _moment(sc, delivered.at).date()
    assert cal.add_working_days(sent.date(), cal.lead_days("standard")) == arrived


def test_the_order_number_runs_from_confirmation_to_delivery_note(sim):
    sc = sim.scenario("standard", "easy", 6, ())
    st = _assess(sim, sc)
    number = st.confirmations[0].content["number"]
    assert re.fullmatch(r"SO-\d{5}", number)
    assert st.submitted.number == number
    (note,) = st.documents
    assert (note.number, note.kind, note.refers_to) == ("DN-0001", "delivery_note", number)
    assert {(x.code, x.qty) for x in note.lines} == {
        (ln.code, ln.qty) for ln in st.submitted.lines}
    assert note.picked_at < note.dispatched_at < note.at


def test_confirmed_short_becomes_a_backorder_and_a_part_shipment(sim):
    sc = sim.find("standard", "stock_shortage", "part_ship")
    st = _assess(sim, sc, skip=lambda a: a.kind == "check_stock")
    assert st.finished
    backorder = next(d for d in st.documents if d.kind == "backorder")
    assert backorder.number == "BO-0001" and backorder.cause_seq == st.submitted_seq
    assert any(e.kind == "backorder" and e.cause_seq == st.submitted_seq
               for e in st.events)
    notes = [d for d in st.documents if d.kind == "delivery_note"]
    assert [d.number for d in notes] == ["DN-0001", "DN-0002"]
    code = backorder.lines[0].code
    line = next(ln for ln in st.submitted.lines if ln.code == code)
    assert sum(x.qty for d in notes for x in d.lines if x.code == code) == line.qty
    assert "partial_delivery" in [e.kind for e in st.events]


def test_a_bespoke_order_raises_the_deposit_request_the_policy_requires(sim):
    sc = sim.scenario("bespoke", "easy", 3, ())
    st = _assess(sim, sc)
    deposit = next(d for d in st.documents if d.kind == "deposit_request")
    assert deposit.number == "DR-0001" and deposit.cause_seq == st.submitted_seq
    assert deposit.amount == model_answer(sim.company, sc)["deposit"]
    assert any(e.kind == "deposit_requested" for e in st.events)


def test_the_express_charge_is_credited_when_the_carrier_fails(sim):
    sc = sim.find("urgent", "supplier_delay", "courier")
    st = _assess(sim, sc)
    credit = next(d for d in st.documents if d.kind == "credit_note")
    express = next(ln for ln in st.submitted.lines if ln.code == "SRV-EXP-NDAY")
    gross = express.unit_price * express.qty * Decimal("1.2")
    assert Decimal(credit.amount) == gross.quantize(Decimal("0.01"))
    event = next(e for e in st.events if e.kind == "express_credited")
    assert credit.number in event.message and event.cause_seq == st.submitted_seq


def test_no_credit_when_the_carrier_delivers(sim):
    sc = sim.scenario("urgent", "easy", 2, ())
    st = _assess(sim, sc)
    assert not any(d.kind == "credit_note" for d in st.documents)


def test_documents_read_in_plain_english(sim):
    sc = sim.find("standard", "stock_shortage", "part_ship")
    st = _assess(sim, sc, skip=lambda a: a.kind == "check_stock")
    views = document_views(sc, st)
    assert [v.title for v in views][:2] == ["Backorder BO-0001", "Delivery note DN-0001"]
    for v in views:
        text = " ".join([v.title, v.purpose, v.issued, v.cause,
                         *(f"{a} {b}" for a, b in v.facts)])
        assert "_" not in text and not re.search(r"\d{4}-\d{2}-\d{2}", text), text
    expected = dict(views[0].facts)["Expected"]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", expected)


def test_each_document_becomes_evidence_pre_mapped_to_what_it_shows(sim):
    sc = sim.scenario("bespoke", "easy", 3, ())
    st = _assess(sim, sc)
    docs = lifecycle_documents(SimpleNamespace(scenario=sc, state=st))
    by_kind = {d["kind"]: d for d in docs}
    assert by_kind["deposit_request"]["criteria"] == ["MP4"]
    assert by_kind["delivery_note"]["criteria"] == ["MP1", "MP3"]
    assert by_kind["deposit_request"]["data"]["amount"] == model_answer(
        sim.company, sc)["deposit"]
    assert by_kind["delivery_note"]["data"]["order_ref"] == st.submitted.number
