"""The ERP-like desk through the test client: shortcuts, time, debrief, progress."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import RunAction, SimulationRun
from tests.conftest import login, post
from tests.factories import make_people
from tests.web.simulator.helpers import finished_run, load_sim_content


@pytest.fixture
def learner_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        load_sim_content(db.session)
        make_people(db.session)
        db.session.commit()
        return db.session.scalars(
            select(User.id).where(User.email == "learner@test.example")
        ).one()


@pytest.fixture
def client(app, learner_id):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, "learner@test.example")
    return client


def _start(client, kind: str = "standard", seed: int = 2) -> str:  # type: ignore[no-untyped-def]
    resp = post(
        client,
        "/simulator/runs",
        {"scenario_type": kind, "difficulty": "easy", "seed": str(seed)},
    )
    return resp.location


def _run(app, url: str):  # type: ignore[no-untyped-def]
    with app.app_context():
        run = db.session.get(SimulationRun, int(url.rsplit("/", 1)[1]))
        loaded = services.load_run(db.session, run)
        return run, loaded


def _kinds(app, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        run_id = int(url.rsplit("/", 1)[1])
        return list(
            db.session.scalars(
                select(RunAction.kind)
                .where(RunAction.run_id == run_id)
                .order_by(RunAction.seq)
            )
        )


def test_use_for_this_order_sets_the_account_with_its_first_contact_and_address(
    app, client
) -> None:  # type: ignore[no-untyped-def]
    url = _start(client)
    _, loaded = _run(app, url)
    customer = loaded.company.customers[0]
    post(client, f"{url}/act/search_crm", {"search_crm-query": customer.company})
    page = client.get(url).get_data(as_text=True)
    assert "Use for this order" in page
    resp = post(
        client,
        f"{url}/act/open_customer",
        {"open_customer-account": customer.account, "use_for_order": "1"},
    )
    assert resp.status_code == 302
    assert _kinds(app, url)[-2:] == ["open_customer", "set_order_header"]
    _, loaded = _run(app, url)
    order = loaded.state.order
    assert order.account == customer.account
    assert order.contact_id == customer.contacts[0].id
    assert order.delivery == customer.delivery_addresses[0]


def test_view_account_only_opens_it(app, client) -> None:  # type: ignore[no-untyped-def]
    url = _start(client)
    _, loaded = _run(app, url)
    account = loaded.company.customers[0].account
    post(client, f"{url}/act/open_customer", {"open_customer-account": account})
    assert _kinds(app, url)[-1] == "open_customer"
    assert _run(app, url)[1].state.order.account is None


def test_adding_a_line_checks_its_stock_when_ticked(app, client) -> None:  # type: ignore[no-untyped-def]
    url = _start(client)
    _, loaded = _run(app, url)
    code = next(p.code for p in loaded.company.products if not p.options)
    post(client, f"{url}/act/add_line", {"add_line-code": code, "add_line-qty": "1"})
    assert _kinds(app, url)[-1] == "add_line"  # unticked: no check
    post(
        client,
        f"{url}/act/add_line",
        {"add_line-code": code, "add_line-qty": "1", "check_now": "1"},
    )
    assert _kinds(app, url)[-2:] == ["add_line", "check_stock"]
    _, loaded = _run(app, url)
    assert loaded.state.checks[-1].line_id == loaded.state.order.lines[-1].line_id


def test_a_bad_code_with_check_ticked_is_refused_once_and_checks_nothing(
    app, client
) -> None:  # type: ignore[no-untyped-def]
    url = _start(client)
    post(
        client,
        f"{url}/act/add_line",
        {"add_line-code": "NOT-A-CODE", "add_line-qty": "2", "check_now": "1"},
    )
    assert "check_stock" not in _kinds(app, url)
    page = client.get(url).get_data(as_text=True)
    assert page.count('class="field-error refusal"') == 1
    assert 'value="NOT-A-CODE"' in page


def test_the_desk_shows_the_clock_the_total_and_the_confirmation_channel(
    app, client
) -> None:  # type: ignore[no-untyped-def]
    url = _start(client, "urgent", 4)
    page = client.get(url).get_data(as_text=True)
    assert 'id="time-strip"' in page and 'id="order-bar-total">£0.00<' in page
    assert "Dispatch cut-off" in page and " left</span>" in page
    _, loaded = _run(app, url)
    channel = loaded.scenario.brief.channel
    if channel in ("email", "phone"):
        assert f'<option selected value="{channel}">' in page


def test_wait_warns_before_skipping_past_a_follow_up(app, client, learner_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        learner = db.session.get(User, learner_id)
        run = services.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="medium",
            seed=4,
            complications=["supplier_delay"],
        )
        loaded = services.load_run(db.session, run)
        for action in engine.perfect_actions(loaded.company, loaded.scenario):
            if action.kind == "log_follow_up":
                break
            services.take_action(
                db.session,
                run.id,
                actor=learner,
                kind=action.kind,
                params=dict(action.params),
            )
        db.session.commit()
        state = services.load_run(db.session, run).state
        open_follow_up = any(e.needs_follow_up and e.sla_minutes for e in state.events)
        run_id = run.id
    if not open_follow_up:
        pytest.skip("this scenario has no follow-up before its first record")
    page = client.get(f"/simulator/runs/{run_id}").get_data(as_text=True)
    assert "Before you wait:" in page and "Waiting may take you past it." in page
    assert 'hx-confirm="' in page and "Wait anyway?" in page
    assert "Follow up by" in page


def test_debrief_coaches(app, client, learner_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        learner = db.session.get(User, learner_id)
        run = finished_run(db.session, learner, "standard", seed=2)
        db.session.commit()
        run_id = run.id
    page = client.get(f"/simulator/runs/{run_id}/debrief").get_data(as_text=True)
    assert "What earned it:" in page
    assert "Practice run" in page
    assert "Customer satisfaction:" in page
    assert engine.ACTION_KINDS["search_crm"].label + ": for" in page  # plain timeline


def test_debrief_says_what_to_do_instead(app, client) -> None:  # type: ignore[no-untyped-def]
    url = _start(client)
    for kind in ("read_brief", "cancel_order"):
        post(client, f"{url}/act/{kind}", {f"{kind}-reason": "Customer changed mind"})
    run, _ = _run(app, url)
    if run.status != "finished":
        pytest.skip("cancelling does not finish this run")
    page = client.get(f"{url}/debrief").get_data(as_text=True)
    assert "What was missing:" in page and "<strong>Instead:</strong>" in page


def test_progress_ranks_findings_links_debriefs_and_plans_practice(
    app, client, learner_id
) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        learner = db.session.get(User, learner_id)
        done = finished_run(db.session, learner, "standard", seed=2)
        # a run that skipped the stock check: mark it so in its stored score
        score = json.loads(done.score)
        score["criteria"]["MP4"]["met"] = False
        score["criteria"]["MP4"]["findings"].append(
            {"rule": "MP4.stock-before-confirm", "severity": "fail", "message": "x"}
        )
        done.score, done.all_met = json.dumps(score), False
        db.session.commit()
        done_id = done.id
    page = client.get("/simulator/progress").get_data(as_text=True)
    assert "0 of 1" in page and "first time right (all four marking points met)" in page
    assert f"/simulator/runs/{done_id}/debrief#mp-MP4" in page
    assert "because you skipped stock checks in 1 of your last 1 runs" in page
    resp = post(client, "/simulator/practice-next", {})
    assert resp.status_code == 302
    new, _ = _run(app, resp.location)
    assert new.mode == "practice"
    scenario = engine.Scenario.from_dict(json.loads(new.scenario))
    drawn = [getattr(c, "id", c) for c in scenario.complications]
    assert drawn == ["stock_shortage"]


def test_practice_next_needs_a_csrf_token(app, learner_id) -> None:  # type: ignore[no-untyped-def]
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    login(client, "learner@test.example")
    assert client.post("/simulator/practice-next").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(SimulationRun.id)) is None


def test_the_line_grid_changes_a_quantity_in_place(app, client) -> None:  # type: ignore[no-untyped-def]
    url = _start(client)
    _, loaded = _run(app, url)
    code = next(p.code for p in loaded.company.products if not p.options)
    post(client, f"{url}/act/add_line", {"add_line-code": code, "add_line-qty": "1"})
    page = client.get(url).get_data(as_text=True)
    assert 'id="qty-1"' in page and "Quantity of line 1" in page
    post(
        client,
        f"{url}/act/update_line",
        {"update_line-line_id": "1", "update_line-qty": "6", "return_to": "lines"},
    )
    assert _run(app, url)[1].state.order.lines[0].qty == 6
    bad = post(
        client,
        f"{url}/act/update_line",
        {"update_line-line_id": "1", "update_line-qty": "x"},
    )
    assert bad.status_code == 302 and _run(app, url)[1].state.order.lines[0].qty == 6
    page = client.get(url).get_data(as_text=True)
    assert "whole number" in page  # the reason, beside the change-a-line form
