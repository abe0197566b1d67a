"""Browser-test fixtures: Debian's Chromium through Playwright, a live server thread."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portfolio.devdata.demo import load_demo
from portfolio.extensions import db
from portfolio.framework.services import load_framework
from tests.conftest import make_test_app

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium, never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": LAUNCH_ARGS,
    }


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """A demo-seeded app on a SQLite file, shared by the browser tests."""
    folder = tmp_path_factory.mktemp("live")
    app = make_test_app(
        folder,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'live.db'}",
        TRUSTED_HOSTS=["127.0.0.1"],
    )
    with app.app_context():
        db.create_all()
        load_framework(db.session, ROOT / "seeds" / "framework.yaml")
        from portfolio.simulator.services.content import (
            load_content as load_extra_seeds,
        )

        load_extra_seeds(db.session, ROOT / "seeds")
        load_demo(db.session, seed=1)
        db.session.commit()
    return app


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    """Serve the live app from a thread on 127.0.0.1 and yield its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot into test-artifacts/screenshots/NAME.png."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe_check(page):
    """Run axe-core in the page; fail on serious or critical violations."""
    if not AXE.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("node_modules/axe-core is required (npm ci)")
        pytest.skip("axe-core not installed (npm ci)")
    source = AXE.read_text()

    def check(label: str) -> list:
        page.evaluate(source)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
        )
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not bad, f"{label}: accessibility violations {bad}"
        return violations

    return check


def sign_in(page, base: str, email: str, password: str = "order-desk-demo") -> None:
    """Sign in through the form like a person would."""
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
