"""A perfect run and a faulty run for each of the ten complications.

Each faulty run is a hand-made variation of the answer key, and must be caught by the
finding (rule id) that names the mistake.
"""

from __future__ import annotations

import pytest

from portfolio.simulator.domain import Action, OrderState, RunMode, new_run

TEN = ("stock_shortage", "wrong_product_code", "ambiguous_requirement", "address_differs",
       "credit_problem", "discount_over_authority", "unauthorised_caller", "quantity_change",
       "supplier_delay", "delivery_query")


@pytest.mark.parametrize("kind", ("standard", "bespoke", "urgent"))
@pytest.mark.parametrize("complication", TEN)
def test_perfect_run_meets_every_marking_point(sim, kind, complication):
    sc = sim.find(kind, complication)
    st = sim.play(sc, sim.perfect(sc))
    assert st.finished and st.state is OrderState.CLOSED
    assert sim.met(sc, st) == {"MP1": True, "MP2": True, "MP3": True, "MP4": True}
    assert sim.rules(sc, st) == set()


def _before(sim, actions, kind):
    """The answer key before the first ``kind`` action."""
    return actions[:sim.index_of(actions, kind)]


def _confirm(sim, sc, st):
    """Send a phone confirmation (the reply is immediate)."""
    return sim.act(sc, st, "send_confirmation", channel="phone").state


def _check_all(sim, sc, st):
    """Check stock of every goods line."""
    for line in st.order.lines:
        if sim.company.product(line.code).kind.value != "service":
            st = sim.act(sc, st, "check_stock", line_id=line.line_id).state
    return st


def _ack_all(sim, sc, st):
    """Acknowledge every open ackable warning."""
    acked = {a.key for a in st.acks}
    for shown in st.shown:
        if shown.ackable and shown.key not in acked:
            result = sim.act(sc, st, "acknowledge_warning", warning_key=shown.key,
                             reason=f"Discussed with the customer: {shown.message}")
            st = result.state if result.entry.accepted else st
    return st


def test_stock_shortage_confirmed_before_checking_stock(sim):
    sc = sim.find("standard", "stock_shortage", "substitute")
    actions = sim.perfect(sc)
    moved = [a for a in _before(sim, actions, "send_confirmation")
             if a.kind in ("check_stock", "acknowledge_warning")]
    skip = {id(a) for a in moved}
    st = sim.replay(sc, _before(sim, actions, "send_confirmation"),
                    skip=lambda a: id(a) in skip)
    st = _confirm(sim, sc, st)
    assert st.state is OrderState.CONFIRMED
    st = sim.finish(sc, _ack_all(sim, sc, _check_all(sim, sc, st)))
    rules = sim.rules(sc, st, "fail")
    assert "MP4.stock-before-confirm" in rules and not sim.met(sc, st)["MP4"]
    score = sim.rules(sc, st)
    assert "MP1.line-missing" not in score


def test_stock_shortage_ignored_and_confirmed_in_full(sim):
    sc = sim.find("standard", "stock_shortage", "later_date")
    ar = sc.truth.as_requested
    actions = sim.perfect(sc)
    plan = [sim.edit(a, requested_date=ar.requested_date) if a.kind == "set_order_header"
            else a for a in _before(sim, actions, "send_confirmation")]
    st = sim.replay(sc, plan, skip=lambda a: a.kind in ("ask_question", "log_issue"))
    st = _confirm(sim, sc, _ack_all(sim, sc, st))
    assert st.state is OrderState.CONFIRMED
    st = sim.finish(sc, st)
    rules = sim.rules(sc, st, "fail")
    assert {"MP4.shortage-ignored", "MP1.requested-date", "MP3.issue-missing",
            "MP1.requirement-guessed"} <= rules
    assert any(e.kind == "late_delivery" for e in st.events)


def _fix_and_reconfirm(sim, sc, st, **header):
    """Correct the order after the customer pointed out errors, then reconfirm."""
    if header:
        st = sim.act(sc, st, "set_order_header", **header).state
    st = _ack_all(sim, sc, _check_all(sim, sc, st))
    return _confirm(sim, sc, st)


def test_wrong_product_code_entered_as_quoted(sim):
    sc = sim.find("standard", "wrong_product_code", "mismatch")
    wrong, right = sc.truth.complication("wrong_product_code").key_facts
    actions = sim.perfect(sc)
    plan = [sim.edit(a, code=wrong) if a.kind == "add_line" and a.params["code"] == right
            else a for a in _before(sim, actions, "send_confirmation")]
    # Assessment mode: the quoted code goes in (practice mode refuses it).
    st = sim.replay(sc, plan, skip=lambda a: a.kind in ("ask_question", "log_issue"),
                    state=new_run(sim.company, sc, RunMode.ASSESSMENT))
    st = _confirm(sim, sc, _ack_all(sim, sc, _check_all(sim, sc, st)))
    assert st.confirmations[-1].reply == "differs"
    line = next(ln for ln in st.order.lines if ln.code == wrong)
    st = sim.act(sc, st, "update_line", line_id=line.line_id, code=right).state
    st = sim.finish(sc, _fix_and_reconfirm(sim, sc, st))
    rules = sim.rules(sc, st, "fail")
    assert {"MP3.issue-missing", "MP1.requirement-guessed"} <= rules
    assert "MP1.wrong-details-confirmed" in sim.rules(sc, st, "advice")
    assert sim.met(sc, st)["MP1"] is False


def test_ambiguous_requirement_guessed_without_asking(sim):
    for variant in ("product", "quantity", "date"):
        sc = sim.find("standard", "ambiguous_requirement", variant)
        st = sim.replay(sc, sim.perfect(sc), skip=lambda a: a.kind == "ask_question")
        assert st.finished
        assert "MP1.requirement-guessed" in sim.rules(sc, st, "fail")
        assert sim.met(sc, st) == {"MP1": False, "MP2": True, "MP3": True, "MP4": True}


def test_address_differs_but_the_crm_default_was_used(sim):
    sc = sim.find("standard", "address_differs", "other_site")
    default = sim.company.customer(sc.truth.account).delivery_addresses[0]
    actions = sim.perfect(sc)
    plan = [sim.edit(a, delivery_address_id=default.id) if a.kind == "set_order_header"
            else a for a in _before(sim, actions, "send_confirmation")]
    st = _confirm(sim, sc, sim.replay(sc, plan))
    assert st.confirmations[-1].reply == "differs"
    st = sim.finish(sc, _fix_and_reconfirm(sim, sc, st,
                                           delivery_address_id=sc.truth.delivery.id))
    # Caught by the customer and corrected before submission: a coaching note,
    # and MP1 is judged on the submitted order (PRODUCT.md 3.4).
    assert "MP1.wrong-details-confirmed" in sim.rules(sc, st, "advice")
    assert sim.met(sc, st)["MP1"]
    assert not sim.score_dict(sc, st)["common_mistakes"]["M2"]["detected"]


@pytest.mark.parametrize("variant", ("on_stop", "over_limit"))
def test_credit_problem_not_held_and_approved_too_late(sim, variant):
    sc = sim.find("standard", "credit_problem", variant)
    actions = sim.perfect(sc)
    credit = next(a for a in actions if a.kind == "request_approval"
                  and a.params["type"] == "credit")
    st = sim.replay(sc, _before(sim, actions, "submit_order"),
                    skip=lambda a: a.kind in ("put_on_hold", "resume") or a is credit)
    assert st.state is OrderState.CONFIRMED
    refusal = sim.act(sc, st, "submit_order")
    assert not refusal.entry.accepted
    st = sim.act(sc, refusal.state, "request_approval", **credit.params).state
    st = sim.act(sc, st, "advance_time", next_event=True).state
    st = sim.finish(sc, st)
    rules = sim.rules(sc, st, "fail")
    assert {"MP4.credit-hold", "MP4.approval-before-confirm"} <= rules


def test_discount_applied_without_approval(sim):
    sc = sim.find("standard", "discount_over_authority")
    actions = sim.perfect(sc)
    ask = next(a for a in actions if a.kind == "request_approval")
    st = sim.replay(sc, _before(sim, actions, "submit_order"), skip=lambda a: a is ask)
    refusal = sim.act(sc, st, "submit_order")
    codes = {r["code"] for r in refusal.entry.outcome["refused"]}
    assert codes == {"approval:discount"}
    st = sim.act(sc, refusal.state, "request_approval", **ask.params).state
    st = sim.finish(sc, sim.act(sc, st, "advance_time", next_event=True).state)
    rules = sim.rules(sc, st, "fail")
    assert {"MP4.approval-missing", "MP4.approval-before-confirm"} <= rules
    assert sim.met(sc, st)["MP4"] is False


def test_discount_asked_of_the_wrong_tier_is_rejected(sim):
    sc = sim.find("standard", "discount_over_authority", "sales_manager")
    actions = sim.perfect(sc)
    i = sim.index_of(actions, "request_approval")
    wrong = sim.edit(actions[i], role="supervisor")
    st = sim.play(sc, [*actions[:i], wrong, Action("advance_time", {"next_event": True})])
    st = sim.replay(sc, actions[i:], state=st)
    assert st.finished
    assert "MP4.approval-rejected" in sim.rules(sc, st, "advice")
    assert all(sim.met(sc, st).values())


@pytest.mark.parametrize("variant", ("listed", "unlisted"))
def test_unauthorised_caller_taken_at_their_word(sim, variant):
    sc = sim.find("standard", "unauthorised_caller", variant)
    actions = sim.perfect(sc)
    caller = sc.truth.caller.contact_id
    if caller is None:  # not in the CRM: the learner picks any unauthorised contact
        caller = next(c.id for c in sim.company.customer(sc.truth.account).contacts
                      if not c.may_order)
    plan = [sim.edit(a, contact_id=caller) if a.kind == "set_order_header" else a
            for a in _before(sim, actions, "send_confirmation")]
    # Assessment mode: nothing stops the confirmation going to an unverified caller.
    st = sim.replay(sc, plan, skip=lambda a: a.kind in ("verify_caller", "log_issue"),
                    state=new_run(sim.company, sc, RunMode.ASSESSMENT))
    st = _confirm(sim, sc, _ack_all(sim, sc, st))
    assert st.state is OrderState.CONFIRMED
    assert any(e.kind == "data_protection_incident" for e in st.events)
    st = sim.finish(sc, st)
    rules = sim.rules(sc, st, "fail")
    assert {"MP4.identity-check", "MP4.unauthorised-contact", "MP1.contact",
            "MP3.issue-missing"} <= rules


def test_quantity_change_not_recorded_nor_rechecked(sim):
    sc = sim.find("standard", "quantity_change")
    a = sc.truth.amendment
    actions = sim.perfect(sc)
    st = sim.play(sc, _before(sim, actions, "send_confirmation"))
    st = _confirm(sim, sc, st)
    assert st.amended and st.state is not OrderState.CONFIRMED
    line = next(ln for ln in st.order.lines if ln.code == a.code)
    st = _confirm(sim, sc, sim.act(sc, st, "update_line", line_id=line.line_id,
                                   qty=a.to_qty).state)
    assert st.state is OrderState.CONFIRMED
    refusal = sim.act(sc, st, "submit_order")
    assert not refusal.entry.accepted
    st = sim.finish(sc, _ack_all(sim, sc, _check_all(sim, sc, refusal.state)))
    rules = sim.rules(sc, st, "fail")
    assert {"MP3.interaction-unrecorded", "MP4.stock-before-confirm",
            "MP4.stock-unchecked-submit", "MP3.issue-missing"} <= rules
    mistakes = sim.score_dict(sc, st)["common_mistakes"]
    assert mistakes["M1"]["detected"] and mistakes["M4"]["detected"]


def _submitted(sim, sc):
    """The answer key up to and including submission."""
    actions = sim.perfect(sc)
    return sim.play(sc, actions[:sim.index_of(actions, "submit_order") + 1])


def _ignore(kind):
    """A reaction that does nothing for ``kind`` events and otherwise follows the key."""
    from portfolio.simulator.domain.scoring.answer_key import play as perfect

    def react(p, event):
        if event["kind"] != kind:
            perfect._react(p, event)
    return react


def test_supplier_delay_never_followed_up(sim):
    sc = sim.find("standard", "supplier_delay")
    st = sim.finish(sc, _submitted(sim, sc), react=_ignore("supplier_delay"))
    rules = sim.rules(sc, st, "fail")
    assert "MP3.issue-missing" in rules
    # only the delivery, days later, was followed up: a late follow-up at best
    assert rules & {"MP3.follow-up-missing", "MP3.follow-up-late"}
    assert sim.score_dict(sc, st)["common_mistakes"]["M3"]["detected"]


def test_supplier_delay_followed_up_too_late(sim):
    from portfolio.simulator.domain.scoring.answer_key import play as perfect

    def late(p, event):
        if event["kind"] == "supplier_delay":
            p.play("advance_time", minutes=6 * 60)
        perfect._react(p, event)

    for kind in ("standard", "urgent"):
        sc = sim.find(kind, "supplier_delay")
        st = sim.finish(sc, _submitted(sim, sc), react=late)
        assert "MP3.follow-up-late" in sim.rules(sc, st, "fail"), kind


def test_delivery_query_follow_up_without_outcome(sim):
    def sloppy(p, event):
        if event.get("needs_follow_up"):
            p.play("log_follow_up", channel="phone", who="customer",
                   summary="Spoke to them about the order.")
            rec = next(e for e in p.state.events if e.id == event["event_id"])
            p.play("log_issue", issue_type="delivery_problem", problem=rec.message,
                   impact="Delivery affected.", action="Told the customer.")

    for variant in ("short_delivery", "customer_query"):
        sc = sim.find("standard", "delivery_query", variant)
        st = sim.finish(sc, _submitted(sim, sc), react=sloppy)
        rules = sim.rules(sc, st, "fail")
        assert "MP3.follow-up-incomplete" in rules, variant
        assert sim.score_dict(sc, st)["common_mistakes"]["M4"]["detected"]


def test_delivery_query_ignored(sim):
    sc = sim.find("standard", "delivery_query", "customer_query")
    st = sim.finish(sc, _submitted(sim, sc), react=_ignore("customer_query"))
    assert {"MP3.follow-up-missing", "MP3.issue-missing"} <= sim.rules(sc, st, "fail")
