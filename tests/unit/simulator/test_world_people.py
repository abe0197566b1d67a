"""People who answer like people: personas, an approver with judgement, real checks."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.order.approvals import covers, required_approvals
from portfolio.simulator.domain.people import approver
from portfolio.simulator.domain.people.persona import PERSONAS, PersonaKind, voiced
from portfolio.simulator.domain.scenarios.questions import bank_for, fits
from portfolio.simulator.domain.scoring.kpis import run_kpis


def _until(sim, sc, kind):
    actions = sim.perfect(sc)
    return sim.play(sc, actions[: sim.index_of(actions, kind)])


def _decide(sim, sc, st, why, role="supervisor"):
    st = sim.act(sc, st, "request_approval", type="discount", role=role,
                 justification=why).state
    st = sim.act(sc, st, "advance_time", next_event=True).state
    return st.approvals[-1], st


@pytest.fixture
def discount_case(sim):
    sc = sim.find("standard", "discount_over_authority", "supervisor",
                  test=lambda s: max(ln.discount_pct for ln in s.truth.lines) >= 10)
    return sc, _until(sim, sc, "request_approval")


def test_a_reasoned_case_is_approved_in_full(sim, discount_case):
    sc, st = discount_case
    customer = sim.company.customer(sc.truth.account)
    why = (f"{customer.company} has a competitor quote for the same items and the "
           "order is worth over 2000 pounds to us.")
    decided, after = _decide(sim, sc, st, why)
    assert decided.status == "approved" and "Karen Whitfield" in decided.message
    req = required_approvals(sim.company, customer, after.order)[0]
    assert covers(decided.type, decided.role, decided.basis, req)


def test_please_is_refused_in_a_persons_words(sim, discount_case):
    sc, st = discount_case
    decided, _ = _decide(sim, sc, st, "Could you please approve this one for me?")
    assert decided.status == "rejected"
    assert "please" in decided.message.lower() or "who is the customer" in \
        decided.message.lower()
    assert "Rejected:" not in decided.message and "(policy" not in decided.message


def test_a_thin_case_gets_a_lower_figure_that_covers_only_the_lower_discount(
        sim, discount_case):
    sc, st = discount_case
    asked = max(ln.discount_pct for ln in st.order.lines)
    decided, after = _decide(sim, sc, st, "The order value is 2400 pounds, please approve.")
    offer = approver.lower_figure(asked, Decimal(5))
    assert decided.status == "approved" and offer < asked
    assert f"I can do {offer:g}%" in decided.message or f"approve {offer:g}%" in \
        decided.message
    customer = sim.company.customer(sc.truth.account)
    req = required_approvals(sim.company, customer, after.order)[0]
    assert not covers(decided.type, decided.role, decided.basis, req)  # still 15%
    lowered = replace(after.order, lines=tuple(
        replace(ln, discount_pct=offer) if ln.discount_pct else ln
        for ln in after.order.lines))
    req = required_approvals(sim.company, customer, lowered)[0]
    assert covers(decided.type, decided.role, decided.basis, req)


def test_reading_a_justification():
    names = approver.customer_names("C10001", "Watson Solicitors LLP")
    good = approver.read("Watson have a competitor quote; order worth £2,400", names)
    assert good.strength == 3
    assert approver.read("please can we do it", names).strength == 0
    assert approver.discount_verdict(approver.read("C10001 please", names)) == "partial"
    assert approver.lower_figure(Decimal(15), Decimal(5)) == Decimal(10)
    assert approver.lower_figure(Decimal(6), Decimal(5)) == Decimal(6)


def test_personas_differ_in_tone_and_speed():
    speeds = {p.email_reply_minutes for p in PERSONAS.values()}
    assert len(speeds) == 4
    text = "We need it by Friday."
    said = {voiced(k.value, text, "x") for k in PersonaKind}
    assert all(text in s for s in said)
    assert voiced("patient", text, "k1") == voiced("patient", text, "k1")


def test_a_wrong_confirmation_gets_the_personas_reaction(sim):
    seen = set()
    for seed in range(40):
        sc = sim.scenario("standard", "easy", seed, ())
        actions = sim.perfect(sc)
        i = sim.index_of(actions, "send_confirmation")
        st = sim.play(sc, actions[:i])
        line = st.order.lines[0]
        st = sim.act(sc, st, "update_line", line_id=line.line_id, qty=line.qty + 1).state
        reply = sim.act(sc, st, "send_confirmation", **actions[i].params).state
        conf = reply.confirmations[-1]
        assert conf.planned_reply == "differs"
        first = conf.planned_text.splitlines()[0]
        assert first in PERSONAS[PersonaKind(sc.truth.persona)].on_error
        seen.add(sc.truth.persona)
    assert len(seen) >= 3


def test_a_haggler_opens_higher_and_settles_when_asked(sim):
    for seed in range(300):
        sc = sim.scenario("standard", "easy", seed, ("discount_over_authority",))
        if sc.truth.persona == "demanding":
            break
    pct = pct_text(max(ln.discount_pct for ln in sc.truth.lines))
    assert f"do {pct}% off" not in sc.brief.body and "% off" in sc.brief.body
    assert "discount_reason" in sc.truth.must_ask
    assert f"settle for {pct}%" in sc.truth.facts["discount_reason"]


def test_an_unsure_customer_adds_the_delivery_instructions_late(sim):
    for seed in range(400):
        sc = sim.scenario("standard", "easy", seed, ())
        if sc.truth.persona == "unsure" and sc.truth.instructions:
            break
    assert sc.truth.instructions not in sc.brief.body
    st = sim.play(sc, [])
    said = sim.act(sc, st, "ask_question", question_id="Q-S07").entry.outcome["answer"]
    assert sc.truth.instructions in said


def test_questions_fit_the_order_and_noise_is_counted(sim):
    scenarios = (sim.scenario("standard", "easy", seed, ()) for seed in range(100))
    sc = next(s for s in scenarios if not any(ln.options for ln in s.truth.lines))
    bank = bank_for(sim.company, sc, set())
    assert not any(fits(sim.company, sc, sim.company.question(q)) for q in
                   ("Q-S08", "Q-I03", "Q-N04"))
    assert [r.fits for r in bank] == sorted((r.fits for r in bank), reverse=True)
    cats = {sim.company.product(ln.code).category for ln in sc.truth.lines}
    fitting = {r.question.id for r in bank if r.fits and r.question.categories}
    assert all(set(sim.company.question(q).categories) & cats for q in fitting)
    st = sim.play(sc, [])
    for q in ("Q-S08", "Q-S05"):
        st = sim.act(sc, st, "ask_question", question_id=q).state
    assert [q.relevant for q in st.questions] == [False, True]
    assert run_kpis(sim.company, sc, st)["noise_questions"] == 1
    spins = {q.spin for q in sim.company.questions}
    assert len(spins) == 4


def test_verification_compares_a_detail_we_hold(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    t = sc.truth
    contact = sim.company.customer(t.account).contact(t.caller.contact_id)
    st = sim.play(sc, [])
    ok = sim.act(sc, st, "verify_caller", account=t.account, contact_id=contact.id,
                 phone=contact.phone.replace(" ", ""), postcode=contact and
                 sim.company.customer(t.account).delivery_addresses[0].postcode.lower())
    assert ok.entry.outcome["verified"] and "Only the name" not in ok.entry.outcome["message"]
    assert ok.state.verifications[-1].checked == ("phone", "postcode")
    wrong = sim.act(sc, st, "verify_caller", account=t.account, contact_id=contact.id,
                    phone="07700 900123")
    assert not wrong.entry.outcome["verified"]
    assert wrong.entry.outcome["compared"] == [
        {"detail": "phone", "given": "07700 900123", "matches_record": False}]
    bare = sim.act(sc, st, "verify_caller", account=t.account, contact_id=contact.id)
    assert "Only the name was matched" in bare.entry.outcome["message"]


def test_an_email_from_an_address_not_on_the_account_is_its_own_case(sim):
    sc = sim.find("standard", "unauthorised_caller", "unknown_sender")
    t, brief = sc.truth, sc.brief
    customer = sim.company.customer(t.account)
    held = {c.email for c in customer.contacts} | {customer.email}
    assert brief.channel.value in ("email", "forwarded") and brief.sender_address not in held
    assert brief.sender == sim.company.customer(t.account).contact(t.contact_id).name
    st = sim.play(sc, [])
    res = sim.act(sc, st, "verify_caller", account=t.account, contact_id=t.contact_id,
                  email=brief.sender_address)
    assert not res.entry.outcome["verified"]
    assert "number or e-mail we hold" in res.entry.outcome["message"]


def test_the_handbook_explains_verification_and_the_approvers_judgement(company):
    identity = company.policy.clause("identity_check").text
    assert "postcode" in identity and "e-mail" in identity and "never read" in identity
    assert "lower figure" in company.policy.clause("approval_requests").text
