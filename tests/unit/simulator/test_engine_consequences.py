"""The same mistake in both modes: practice refuses with a hint, assessment plays it out."""

from __future__ import annotations

from portfolio.simulator.domain import Action, RunMode, new_run, score_run


def _run(sim, sc, actions, mode):
    return sim.play(sc, actions, state=new_run(sim.company, sc, mode))


def _wrong_code(sim, variant_test):
    sc = sim.find("standard", "wrong_product_code",
                  test=lambda s: variant_test(s.truth.complication("wrong_product_code")))
    quoted, right = sc.truth.complication("wrong_product_code").key_facts[:2]
    actions = [
        Action(a.kind, {**a.params, "code": quoted})
        if a.kind == "add_line" and a.params["code"] == right
        else a
        for a in sim.perfect(sc)
        if a.kind != "ask_question"
    ]
    return sc, actions, quoted


def _until(actions, kind):
    return actions[: next(i for i, a in enumerate(actions) if a.kind == kind) + 1]


def test_a_wrong_code_is_refused_with_a_hint_in_practice(sim):
    sc, actions, quoted = _wrong_code(sim, lambda f: f.variant != "discontinued")
    st = _run(sim, sc, _until(actions, "add_line")[:-1], RunMode.PRACTICE)
    for a in actions:
        if a.kind == "add_line" and a.params["code"] == quoted:
            res = sim.act(sc, st, "add_line", **a.params)
            break
    assert not res.entry.accepted
    refusal = res.entry.outcome["refused"][0]
    assert refusal["code"] == "wrong_code" and refusal["hint"]
    assert "describes" in refusal["message"]


def test_a_wrong_code_ships_the_wrong_goods_in_assessment(sim):
    sc, actions, quoted = _wrong_code(sim, lambda f: f.variant != "discontinued")
    st = _run(sim, sc, _until(actions, "send_confirmation"), RunMode.ASSESSMENT)
    added = next(e.seq for e in st.log if e.kind == "add_line"
                 and e.params["code"] == quoted)
    st = sim.finish(sc, st)
    returned = [e for e in st.events if e.kind == "wrong_goods_returned"]
    assert returned and returned[0].cause_seq == added
    assert "RA-0001" in returned[0].message
    assert st.returns[0][:2] == ("RA-0001", quoted)
    score = score_run(sim.company, sc, st)
    assert score.mistakes["M2"]
    assert not next(c for c in score.criteria if c.code == "MP1").met


def test_a_discontinued_code_is_refused_in_practice_and_at_submit_in_assessment(sim):
    sc, actions, quoted = _wrong_code(sim, lambda f: f.variant == "discontinued")
    before = _until(actions, "add_line")[:-1]
    line = next(a for a in actions if a.kind == "add_line" and a.params["code"] == quoted)
    practice = sim.act(sc, _run(sim, sc, before, RunMode.PRACTICE), "add_line",
                       **line.params)
    assert not practice.entry.accepted
    assert practice.entry.outcome["refused"][0]["code"] == "discontinued"
    assert practice.entry.outcome["hint"]
    st = _run(sim, sc, _until(actions, "send_confirmation"), RunMode.ASSESSMENT)
    assert any(ln.code == quoted for ln in st.order.lines)
    if st.pending:
        st = sim.play(sc, [Action("advance_time", {"next_event": True})], state=st)
    res = sim.act(sc, st, "submit_order")
    assert not res.entry.accepted
    assert res.entry.outcome["refused"][0]["code"] == "discontinued"
    assert "MP4.discontinued" in sim.rules(sc, res.state, "fail")


def _unverified(sim, mode):
    sc = sim.scenario("standard", "easy", 6, ())
    actions = [a for a in sim.perfect(sc) if a.kind != "verify_caller"]
    return sc, actions, _run(sim, sc, _until(actions, "send_confirmation")[:-1], mode)


def test_an_unverified_caller_gets_no_confirmation_in_practice(sim):
    sc, actions, st = _unverified(sim, RunMode.PRACTICE)
    res = sim.act(sc, st, "send_confirmation", channel="email")
    assert not res.entry.accepted
    assert res.entry.outcome["refused"][0]["code"] == "unverified_caller"
    assert "data-protection" in res.entry.outcome["hint"]


def test_an_unverified_caller_is_a_data_protection_incident_in_assessment(sim):
    sc, actions, st = _unverified(sim, RunMode.ASSESSMENT)
    res = sim.act(sc, st, "send_confirmation", channel="email")
    assert res.entry.accepted
    incident = [e for e in res.state.events if e.kind == "data_protection_incident"]
    assert incident and incident[0].cause_seq == res.entry.seq
    assert "MP4.identity-check" in sim.rules(sc, res.state, "fail")
