"""Queue and caseload rows: each row's links and values, built without per-row lookups."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from portfolio.core.time import utcnow
from portfolio.evidence.models import EvidenceVersion
from portfolio.extensions import db
from tests.conftest import login
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import seed, submitted


@pytest.fixture
def world(app):
    with app.app_context():
        people = seed(db.session)
        other = make_user(db.session, "other@test.example", name="Olive Other")
        make_enrolment(db.session, other, assessor=people["assessor"])
        first = submitted(db.session, people["learner"], ("MP1", "K1"), title="Ord A")
        second = submitted(db.session, other, ("K2",), title="Ord B")
        db.session.flush()
        db.session.execute(
            update(EvidenceVersion)
            .where(EvidenceVersion.item_id == first.id)
            .values(submitted_at=utcnow() - timedelta(days=30))
        )
        db.session.commit()
        return {
            "learner": people["learner"].id,
            "other": other.id,
            "first": first.id,
            "second": second.id,
        }


def _page(app, url: str) -> str:
    client = app.test_client()
    login(client, "assessor@test.example")
    resp = client.get(url)
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", body, flags=re.S)


def test_queue_rows_link_each_item_with_its_claims_oldest_first(app, world) -> None:
    rows = _rows(_page(app, "/assessment/queue"))
    assert len(rows) == 2
    first, second = rows  # the older submission first
    assert f'href="/assessment/items/{world["first"]}"' in first and "Ord A" in first
    assert '<span class="tag">MP1</span> <span class="tag">K1</span>' in first
    assert f'href="/assessment/items/{world["second"]}"' in second
    assert "Olive Other" in second and '<span class="tag">K2</span>' in second
    assert "version" not in first  # only a resubmission names its version


def test_queue_filters_name_the_learner_and_count_what_they_show(app, world) -> None:
    html = _page(app, f"/assessment/queue?learner={world['other']}")
    assert "1 item waiting from Olive Other, oldest first." in html
    assert len(_rows(html)) == 1
    overdue = _page(app, "/assessment/queue?overdue=1")
    assert "1 item waiting longer than" in overdue
    (row,) = _rows(overdue)
    assert "Ord A" in row
    past_end = _page(app, "/assessment/queue?page=5")
    assert "2 items waiting" in past_end


def test_caseload_rows_link_to_each_learners_own_pages(app, world) -> None:
    rows = _rows(_page(app, "/assessment/caseload"))
    by_learner = {
        lid: next(r for r in rows if f"/assessment/learners/{lid}" in r)
        for lid in (world["learner"], world["other"])
    }
    late = by_learner[world["learner"]]
    assert f'href="/assessment/queue?learner={world["learner"]}"' in late
    assert f'href="/assessment/queue?learner={world["learner"]}&amp;overdue=1"' in late
    assert "1 overdue" in late and "oldest 30 days ago" in late
    fresh = by_learner[world["other"]]
    assert "Olive Other" in fresh and "oldest today" in fresh
    assert "overdue" not in fresh.replace("Evidence waiting", "")
