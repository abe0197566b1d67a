"""Full-page simulator forms: the GOV.UK error summary, plain words, nothing written."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.extensions import db
from portfolio.simulator.models import PracticeTask, SimulationRun
from tests.conftest import login, post
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content

WTFORMS_DEFAULTS = (
    "This field is required",
    "Not a valid",
    "is not a valid choice",
    "Field cannot be longer",
    "Number must be between",
)


@pytest.fixture
def people(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        load_sim_content(db.session)
        users = make_people(db.session)
        db.session.commit()
        return {k: u.id for k, u in users.items()}


def _client(app, email: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, email)
    return client


def _count(app, model) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def _summary(body: str) -> list[tuple[str, str]]:
    """(href, text) of each error-summary link; asserts the summary's shape."""
    box = re.search(r'<div class="error-summary"(.*?)</div>', body, re.S)
    assert box, "no error summary"
    assert 'role="alert"' in box.group(0) and "data-autofocus" in box.group(0)
    assert "There is a problem" in box.group(1)
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', box.group(1))


def _inline(body: str, target: str, message: str, group: str) -> None:
    """The message is beside its field, "Error:"-prefixed and described-by linked."""
    error_id = f"{group}-error"
    assert re.search(
        rf'<p class="field-error" id="{error_id}"><span class="visually-hidden">'
        rf"Error:</span> {re.escape(message)}</p>",
        body,
    ), f"no inline error for {group}"
    assert f'id="{target}"' in body
    tag = re.search(rf'<(?:fieldset|input|textarea)[^>]*\sid="{group}"[^>]*>', body)
    assert tag and re.search(rf'aria-describedby="[^"]*\b{error_id}\b', tag.group(0))


def test_set_a_scenario_bad_input_is_summarised_kept_and_not_written(
    app, people
) -> None:  # type: ignore[no-untyped-def]
    assessor = _client(app, "assessor@test.example")
    url = f"/simulator/learners/{people['learner']}/tasks/new"
    events = _count(app, AuditEvent)
    note = "Practise the stock check. " * 80  # 2,080 characters
    resp = post(
        assessor,
        url,
        {
            "scenario_type": "wholesale",
            "difficulty": "hard",
            "complications": ["stock_shortage", "teleport"],
            "note": note,
        },
    )
    body = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "<title>Error: Set a scenario" in body
    links = _summary(body)
    assert links == [
        ("scenario_type-0", "Choose a type of order from the list."),
        ("complications-0", "Choose complications from the list."),
        ("note", "Keep the note to 2,000 characters or fewer."),
    ]
    for href, text in links:
        _inline(body, href, text, href.removesuffix("-0"))
    assert not any(default in body for default in WTFORMS_DEFAULTS)
    # What was chosen and typed is kept.
    assert re.search(r'<input checked id="difficulty-2"', body)
    assert re.search(
        r'<input checked id="complications-\d+" name="complications" '
        r'type="checkbox" value="stock_shortage"',
        body,
    )
    assert note.strip() in body
    assert _count(app, PracticeTask) == 0 and _count(app, AuditEvent) == events

    resp = post(assessor, url, {"difficulty": "easy"})
    assert resp.status_code == 422
    assert _summary(resp.get_data(as_text=True)) == [
        ("scenario_type-0", "Choose a type of order.")
    ]
    assert _count(app, PracticeTask) == 0

    resp = post(assessor, url, {"scenario_type": "standard", "difficulty": "easy"})
    assert resp.status_code == 302 and _count(app, PracticeTask) == 1


def test_picker_bad_input_is_summarised_once_per_problem(app, people) -> None:  # type: ignore[no-untyped-def]
    learner = _client(app, "learner@test.example")
    resp = post(learner, "/simulator/runs", {"difficulty": "medium", "seed": "abc"})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "<title>Error: Order simulator" in body
    links = _summary(body)
    assert links == [
        ("scenario_type-0", "Choose a type of order."),
        ("seed", "Enter the scenario number as a whole number, like 1234."),
    ]
    _inline(body, "seed", links[1][1], "seed")
    assert 'value="abc"' in body and re.search(
        r'<input checked id="difficulty-1"', body
    )
    assert not any(default in body for default in WTFORMS_DEFAULTS)

    resp = post(
        learner,
        "/simulator/runs",
        {"scenario_type": "standard", "difficulty": "easy", "seed": "99999999"},
    )
    assert _summary(resp.get_data(as_text=True)) == [
        ("seed", "Enter a scenario number from 0 to 999,999.")
    ]
    assert _count(app, SimulationRun) == 0
