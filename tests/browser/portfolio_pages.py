"""The lived-in demo served for the portfolio page tests, and the checks they share."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from werkzeug.serving import make_server

from portfolio.auth.models import User
from portfolio.devdata.demo import load_demo, load_demo_portfolio
from portfolio.devdata.demo_centre import demo_links, load_demo_centre
from portfolio.extensions import db
from portfolio.framework.services import load_framework
from tests.browser.conftest import AXE, ROOT
from tests.conftest import make_test_app

SHOTS = ROOT / "test-artifacts" / "caseload"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = {"desktop": 1280, "phone": 390}


def demo_app(folder: Path):  # type: ignore[no-untyped-def]
    """An app on a SQLite file holding the whole lived-in demo."""
    app = make_test_app(
        folder,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'demo.db'}",
        TRUSTED_HOSTS=["127.0.0.1"],
        PUBLIC_BASE_URL="http://127.0.0.1",
    )
    with app.app_context():
        from portfolio.simulator.services.content import load_content

        db.create_all()
        load_framework(db.session, ROOT / "seeds" / "framework.yaml")
        load_content(db.session, ROOT / "seeds")
        load_demo(db.session, seed=1)
        load_demo_portfolio(db.session, "http://127.0.0.1")
        load_demo_centre(db.session, 1, demo_links(app.config))
        db.session.commit()
    return app


def demo_ids(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Ids the page list needs: people, items in each state, a sample, a discussion."""
    from portfolio.assessment.models import ProfessionalDiscussion, Sample
    from portfolio.evidence.models import EvidenceItem, Testimony

    with app.app_context():
        s = db.session
        learner = user_id(app, "learner@example.com")

        def first(stmt) -> int:  # type: ignore[no-untyped-def]
            found = s.scalar(stmt.limit(1))
            assert found is not None, str(stmt)
            return int(found)

        item = select(EvidenceItem.id).where(EvidenceItem.learner_id == learner)
        return {
            "learner": learner,
            "item": first(item.where(EvidenceItem.status == "submitted")),
            "draft": first(item.where(EvidenceItem.status == "draft")),
            "returned": first(
                select(EvidenceItem.id).where(EvidenceItem.status == "returned")
            ),
            "sample": first(select(Sample.id).where(Sample.state == "due")),
            "discussion": first(select(ProfessionalDiscussion.id)),
            "testimony": first(
                select(Testimony.id).where(Testimony.state == "awaiting")
            ),
            "user": user_id(app, "learner9@example.com"),
        }


def user_id(app, email: str) -> int:  # type: ignore[no-untyped-def]
    """The id of a demo user."""
    with app.app_context():
        return int(db.session.scalar(select(User.id).where(User.email == email)))


def serve(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Serve ``app`` from a thread and yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def axe_violations(page) -> list:  # type: ignore[no-untyped-def]
    """Every axe-core violation on the page, of any impact."""
    page.evaluate(AXE.read_text())
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
    )


def overflow(page) -> int:  # type: ignore[no-untyped-def]
    """How many pixels the page is wider than the window (0 is right)."""
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
    )


def vnu_errors(files: list[Path]) -> str:
    """Errors the Nu HTML checker reports on the saved pages ("" when none)."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        # CI (REQUIRE_BROWSER=1) must run the checker; elsewhere it is optional.
        assert not os.environ.get("REQUIRE_BROWSER"), "vnu (npm) or java is missing"
        return ""
    if not files:
        return ""
    done = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [java, "-jar", str(VNU), "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stderr.strip()
