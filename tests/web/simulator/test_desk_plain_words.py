"""No internal keys in anything a learner reads: every simulator page of varied runs.

The runs cover the three order types at every difficulty, played perfectly, played
carelessly (refused actions, skipped checks, waiting past deadlines) and left half
done, so that every kind of action, event, check and finding reaches a page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from tests.conftest import login
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content

LEAKS = {
    "bracketed tuple": re.compile(r"\[[^\]\s]*:[^\]]*\]"),
    "snake_case identifier": re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b"),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "double sign": re.compile(r"[+][-−]\s*£|[-−][+]\s*£|[+−-]{2}£"),
    "check id": re.compile(r"\bMP\d\.[a-z-]+\b"),
    "Python value": re.compile(r"\b(True|False)\b|\{'|'\}"),
}
SKIPPED_TAGS = {"script", "style", "code", "title"}


class _Text(HTMLParser):
    """The text a person reads on a page (not attributes, scripts or codes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._tag = ""  # what the learner typed (class "typed") is theirs to word

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        typed = "typed" in (dict(attrs).get("class") or "").split()
        if tag in SKIPPED_TAGS or typed or (self._skip and tag == self._tag):
            self._tag = self._tag if self._skip else tag
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skip and (tag == self._tag):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    """The page's readable text, one fragment a line."""
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def leaks_in(text: str) -> list[tuple[str, str]]:
    """Every fragment that looks like an internal key, with what it looks like."""
    found = []
    for line in text.splitlines():
        for name, pattern in LEAKS.items():
            found += [(name, line[:160]) for _ in pattern.finditer(line)]
    return found


def _play(session, run, learner, actions) -> None:  # type: ignore[no-untyped-def]
    """Take ``actions`` (refusals and input errors are part of a careless run)."""
    for kind, params in actions:
        if services.get_run(session, run.id, actor=learner).status != "active":
            return
        try:
            services.take_action(
                session, run.id, actor=learner, kind=kind, params=params
            )
        except services.USER_ERRORS:
            session.rollback()


def _careless(script: list) -> list:  # type: ignore[type-arg]
    """The answer key played out of order, without checks, waiting too long."""
    skip = {"check_stock", "verify_caller", "log_follow_up", "request_approval"}
    early = [
        ("submit_order", {}),
        ("check_stock", {"line_id": 99}),
        ("search_catalogue", {"query": "a"}),
        ("view_product", {"code": "NOT-A-CODE"}),
        ("add_line", {"code": "NOT-A-CODE", "qty": 3}),
    ]
    kept = [(a.kind, dict(a.params)) for a in script if a.kind not in skip]
    waits = [("advance_time", {"next_event": True})] * 4
    return early + kept[: len(kept) // 2] + waits + kept[len(kept) // 2 :] + waits


@pytest.fixture
def pages(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Paths of every learner-facing simulator page of a varied set of runs."""
    with app.app_context():
        load_sim_content(db.session)
        make_people(db.session)
        learner = db.session.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        paths = {"picker": "/simulator/", "policy": "/simulator/policy"}
        plays = [
            ("standard", "hard", 2, "perfect"),
            ("bespoke", "hard", 5, "perfect"),
            ("urgent", "hard", 9, "perfect"),
            ("standard", "medium", 4, "careless"),
            ("bespoke", "medium", 6, "careless"),
            ("urgent", "medium", 7, "careless"),
            ("urgent", "hard", 3, "half"),
        ]
        for kind, level, seed, how in plays:
            run = services.start_run(
                db.session,
                actor=learner,
                scenario_type=kind,
                difficulty=level,
                seed=seed,
            )
            loaded = services.load_run(db.session, run)
            script = engine.perfect_actions(loaded.company, loaded.scenario)
            if how == "perfect":
                actions = [(a.kind, dict(a.params)) for a in script]
            elif how == "careless":
                actions = _careless(script)
            else:
                actions = [(a.kind, dict(a.params)) for a in script[: len(script) // 2]]
            _play(db.session, run, learner, actions)
            db.session.commit()
            name = f"{kind}-{level}-{how}"
            paths[f"workspace {name}"] = f"/simulator/runs/{run.id}"
            if run.status == "finished":
                paths[f"debrief {name}"] = f"/simulator/runs/{run.id}/debrief"
        paths["progress"] = "/simulator/progress"
        return paths


def test_no_internal_keys_on_any_simulator_page(app, pages) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, "learner@test.example")
    assert sum(1 for name in pages if name.startswith("debrief")) >= 3
    problems = {}
    for name, path in pages.items():
        resp = client.get(path)
        assert resp.status_code == 200, (name, resp.status_code)
        found = leaks_in(visible_text(resp.get_data(as_text=True)))
        if found:
            problems[name] = sorted(set(found))[:12]
    report = [
        f"{page}: {kind}: {line}"
        for page, found in problems.items()
        for kind, line in found
    ]
    assert not problems, "\n".join(report)


@pytest.mark.parametrize(
    "text",
    [
        "[date:1:CHR-OPR-FAB-BLK:15:2026-06-26:normal:False]",
        "Search crm: stock_shortage",
        "due 2026-07-27",
        "Option +-£120.00",
        "MP4.refused-commands",
    ],
)
def test_the_scan_catches_each_kind_of_key(text: str) -> None:
    assert leaks_in(text)


def test_the_scan_passes_plain_english() -> None:
    assert not leaks_in("Delivery on 27 Jul 2026, +£120.00, Line 1: 14 × £259.00")
