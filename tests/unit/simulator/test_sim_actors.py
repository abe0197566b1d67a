"""The simulated customer, approver, supplier and warehouse."""

from __future__ import annotations

from portfolio.simulator.domain import Action, OrderState


def _until(sim, sc, kind, nth=0):
    """State after the answer key up to (not including) the nth ``kind`` action."""
    actions = sim.perfect(sc)
    i = -1
    for _ in range(nth + 1):
        i = sim.index_of(actions, kind, i + 1)
    return actions, sim.play(sc, actions[:i]), i


def test_customer_answers_questions_from_the_truth(sim):
    sc = sim.find("standard", "ambiguous_requirement", "quantity")
    st, q = sim.play(sc, []), "Q-S06"
    result = sim.act(sc, st, "ask_question", question_id=q)
    assert sc.truth.facts["quantity"] in result.entry.outcome["answer"]
    assert "quantity" in result.state.revealed()
    other = sim.act(sc, st, "ask_question", question_id="Q-S08")
    assert other.entry.outcome["relevant"] is False
    assert "only ordering" in other.entry.outcome["answer"] or "relevant" in \
        other.entry.outcome["answer"] or "come into it" in other.entry.outcome["answer"]
    assert not other.state.questions[-1].relevant and "option:size" not in \
        other.state.revealed()


def test_verify_caller_outcomes(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    st = sim.play(sc, [])
    t = sc.truth
    ok = sim.act(sc, st, "verify_caller", account=t.account, contact_id=t.caller.contact_id)
    assert ok.entry.outcome["verified"] and ok.entry.outcome["authorised"]
    other = next(c for c in sim.company.customer(t.account).contacts
                 if c.id != t.caller.contact_id)
    bad = sim.act(sc, st, "verify_caller", account=t.account, contact_id=other.id)
    assert not bad.entry.outcome["verified"] and "do not disclose" in \
        bad.entry.outcome["message"].lower()
    listed = sim.find("standard", "unauthorised_caller", "listed")
    res = sim.act(listed, sim.play(listed, []), "verify_caller",
                  account=listed.truth.account, contact_id=listed.truth.caller.contact_id)
    assert res.entry.outcome["verified"] and not res.entry.outcome["authorised"]


def test_confirmation_accepted_or_corrected(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    actions, st, i = _until(sim, sc, "send_confirmation")
    good = sim.act(sc, st, "send_confirmation", channel="phone")
    assert good.state.state is OrderState.CONFIRMED
    reply = next(e for e in good.entry.outcome["events"] if e["kind"] == "customer_reply")
    assert reply["reply"] == "accepted"
    line = st.order.lines[0]
    wrong = sim.act(sc, st, "update_line", line_id=line.line_id, qty=line.qty + 2).state
    res = sim.act(sc, wrong, "send_confirmation", channel="phone")
    reply = next(e for e in res.entry.outcome["events"] if e["kind"] == "customer_reply")
    assert reply["reply"] == "differs" and f"need {line.qty}" in reply["text"]
    assert res.state.state is OrderState.READY


def test_email_replies_arrive_later(sim):
    sc = sim.scenario("standard", "easy", 5, ())
    _, st, _ = _until(sim, sc, "send_confirmation")
    st = sim.act(sc, st, "send_confirmation", channel="email").state
    assert st.state is OrderState.AWAITING_CUSTOMER
    st = sim.act(sc, st, "advance_time", minutes=10).state
    assert st.state is OrderState.AWAITING_CUSTOMER
    st = sim.act(sc, st, "advance_time", next_event=True).state
    assert st.state is OrderState.CONFIRMED and st.confirmations[-1].reply == "accepted"


def test_customer_amends_the_quantity_once(sim):
    sc = sim.find("standard", "quantity_change")
    a = sc.truth.amendment
    actions, st, i = _until(sim, sc, "send_confirmation")
    res = sim.play(sc, [Action("send_confirmation", {"channel": "phone"})], st)
    res = sim.play(sc, [Action("advance_time", {"next_event": True})], res) \
        if res.state is OrderState.AWAITING_CUSTOMER else res
    conf = res.confirmations[-1]
    assert conf.reply == "amended" and str(a.to_qty) in conf.reply_text
    assert res.amended and res.state in (OrderState.READY, OrderState.DRAFT)


def _approval(sim, sc, st, **params):
    """Request an approval, wait for the decision, return (approval, state)."""
    st = sim.act(sc, st, "request_approval", **params).state
    pending = st.approvals[-1]
    assert pending.status == "pending"
    st = sim.act(sc, st, "advance_time", next_event=True).state
    decided = next(a for a in st.approvals if a.id == pending.id)
    assert decided.decided_at == pending.due_at
    return decided, st


def test_approver_decides_by_policy_and_justification(sim):
    sc = sim.find("standard", "discount_over_authority", "sales_manager")
    _, st, _ = _until(sim, sc, "request_approval")
    why = "Customer has a competitor quote and buys from us every month."
    short, _ = _approval(sim, sc, st, type="discount", role="sales_manager",
                         justification="please")
    assert short.status == "rejected" and "who the customer is" in short.message
    tier, _ = _approval(sim, sc, st, type="discount", role="supervisor", justification=why)
    assert tier.status == "rejected" and "my limit is 15%" in tier.message
    role, _ = _approval(sim, sc, st, type="discount", role="credit_control",
                        justification=why)
    assert role.status == "rejected"
    none, _ = _approval(sim, sc, st, type="bespoke", role="supervisor", justification=why)
    assert none.status == "rejected" and "nothing" in none.message
    ok, after = _approval(sim, sc, st, type="discount", role="sales_manager",
                          justification=why)
    assert ok.status == "approved" and after.state is OrderState.READY


def test_credit_control_needs_to_hear_about_payment(sim):
    sc = sim.find("standard", "credit_problem", "over_limit")
    _, st, _ = _until(sim, sc, "request_approval")
    vague, _ = _approval(sim, sc, st, type="credit", role="credit_control",
                         justification="They are a good customer, please allow it.")
    assert vague.status == "rejected" and "paid" in vague.message
    ok, _ = _approval(sim, sc, st, type="credit", role="credit_control",
                      justification="Customer will pay the outstanding balance today.")
    assert ok.status == "approved"


def test_bespoke_approval_needs_a_complete_specification(sim):
    sc = sim.scenario("bespoke", "easy", 2, ())
    actions, st, _ = _until(sim, sc, "add_line")
    made = next(ln for ln in sc.truth.lines if ln.options)
    some = dict(list(made.options.items())[:1])
    st = sim.act(sc, st, "add_line", code=made.code, qty=made.qty, options=some).state
    decided, _ = _approval(sim, sc, st, type="bespoke", role="supervisor",
                           justification="The customer has chosen the options listed.")
    assert decided.status == "rejected" and "specification with gaps" in decided.message


def _submitted(sim, sc):
    """State just after the answer key submits."""
    actions = sim.perfect(sc)
    return sim.play(sc, actions[:sim.index_of(actions, "submit_order") + 1])


def test_supplier_delay_arrives_after_submission_and_moves_delivery(sim):
    for kind, variant in (("standard", "incoming"), ("bespoke", "production"),
                          ("urgent", "courier")):
        sc = sim.find(kind, "supplier_delay", variant)
        st = _submitted(sim, sc)
        before = max(p.due for p in st.pending if p.kind == "delivery")
        st = sim.act(sc, st, "advance_time", minutes=sc.events[0].offset_minutes).state
        delay = [e for e in st.events if e.kind == "supplier_delay"]
        assert delay and delay[0].needs_follow_up
        after = max(p.due for p in st.pending if p.kind == "delivery")
        assert after > before, kind


def test_short_delivery_and_customer_query(sim):
    sc = sim.find("standard", "delivery_query", "short_delivery")
    st = _submitted(sim, sc)
    while st.state is OrderState.PROCESSING:
        st = sim.act(sc, st, "advance_time", next_event=True).state
    assert st.state is OrderState.PARTIALLY_DELIVERED
    part = st.events[-1]
    assert part.kind == "partial_delivery" and part.needs_follow_up
    while st.state is not OrderState.DELIVERED:
        st = sim.act(sc, st, "advance_time", next_event=True).state
    q = sim.find("standard", "delivery_query", "customer_query")
    st = sim.act(q, _submitted(sim, q), "advance_time", minutes=q.events[0].offset_minutes)
    assert st.state.events[-1].kind == "customer_query"


def test_ignoring_a_shortage_brings_a_late_notice(sim):
    sc = sim.find("standard", "stock_shortage", "later_date")
    ar = sc.truth.as_requested
    actions = sim.perfect(sc)
    actions = [sim.edit(a, requested_date=ar.requested_date)
               if a.kind == "set_order_header" else a for a in actions]
    actions = sim.without(actions, "ask_question")
    cut = sim.index_of(actions, "submit_order")
    st = sim.play(sc, actions[:cut])
    for w in [s for s in st.shown if s.ackable and s.key not in {a.key for a in st.acks}]:
        st = sim.act(sc, st, "acknowledge_warning", warning_key=w.key, reason=f"Checked: {w.message}").state
    st = sim.act(sc, st, "submit_order").state
    assert st.state is OrderState.PROCESSING
    st = sim.act(sc, st, "advance_time", minutes=90).state
    assert any(e.kind == "late_delivery" and e.needs_follow_up for e in st.events)
