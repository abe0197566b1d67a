"""The order total stays in view at the desk, and never sits over a control in use.

A multi-line order at 1440 and 390 px: at every scroll position the order bar (total,
line count, next step) is inside the window; every control, brought into view the way a
learner brings it (Tab, a script's focus, an in-page link), is hit at its centre by
``document.elementFromPoint``, so the bar is not covering it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.domain.company.catalogue import ProductKind
from tests.browser.conftest import AXE, sign_in

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
EXTRA_LINES = 3
CONTROLS = (
    "#main button, #main input:not([type=hidden]), #main select, #main textarea,"
    " #main summary, #main a.button"
)
# Marks every visible control outside the bar with data-probe and returns how many.
MARK = """sel => {
  const all = [...document.querySelectorAll(sel)].filter(el =>
    !el.closest('#order-bar') &&
    el.checkVisibility({visibilityProperty: true}));
  all.forEach((el, i) => { el.dataset.probe = i; });
  return all.length;
}"""
# Is the element's visible centre the element itself (or its label), not the bar?
HIT = """el => {
  const r = el.getBoundingClientRect();
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  if (bottom <= top) { return {ok: false, why: 'not in the window'}; }
  const hit = document.elementFromPoint(r.left + r.width / 2, (top + bottom) / 2);
  const labels = [...(el.labels || [])];
  const ok = !!hit && (el.contains(hit) || labels.some(l => l.contains(hit)));
  return {ok, why: ok ? '' : 'covered by ' + (hit ? hit.outerHTML.slice(0, 90) : 'nothing'),
          control: el.outerHTML.slice(0, 90)};
}"""
BAR_IN_VIEW = """() => { const b = document.getElementById('order-bar').getBoundingClientRect();
  return b.top >= 0 && b.bottom <= innerHeight && b.height > 0; }"""


@pytest.fixture(scope="module")
def workspace(live_app) -> str:  # type: ignore[no-untyped-def]
    """A standard run with its brief's line and three more, stock checked."""
    with live_app.app_context():
        learner = db.session.scalars(
            select(User).where(User.email == "learner@example.com")
        ).one()
        run = services.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="easy",
            seed=2,
        )
        loaded = services.load_run(db.session, run)
        script = engine.perfect_actions(loaded.company, loaded.scenario)
        upto = [a.kind for a in script].index("check_stock") + 1
        for action in script[:upto]:
            services.take_action(
                db.session,
                run.id,
                actor=learner,
                kind=action.kind,
                params=dict(action.params),
            )
        used = {dict(a.params).get("code") for a in script[:upto]}
        spare = [
            p.code
            for p in loaded.company.products
            if p.kind == ProductKind.STOCK
            and not p.discontinued
            and not p.options
            and p.code not in used
        ][:EXTRA_LINES]
        for code in spare:
            services.take_action(
                db.session,
                run.id,
                actor=learner,
                kind="add_line",
                params={"code": code, "qty": 2},
            )
        db.session.commit()
        return f"/simulator/runs/{run.id}"


def _problems_when_focused(page, indexes) -> list:  # type: ignore[no-untyped-def]
    """Scroll each control under the bar (the worst case), focus it, hit-test it."""
    problems = []
    for i in indexes:
        control = page.locator(f'[data-probe="{i}"]')
        control.evaluate(
            """el => { const bar = document.getElementById('order-bar');
              const y = el.getBoundingClientRect().top + scrollY;
              scrollTo(0, y - bar.getBoundingClientRect().height / 2);
              el.focus(); }"""
        )
        seen = control.evaluate(HIT)
        if not seen["ok"] or not page.evaluate(BAR_IN_VIEW):
            problems.append(seen)
    return problems


def _sweep(page) -> list:  # type: ignore[no-untyped-def]
    """Scroll top to bottom: the bar stays in view, showing the order's total."""
    problems = []
    total = page.locator("#lines tfoot tr").last.locator("td").inner_text().strip()
    height = page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"] // 2
    for y in range(0, height, step):
        page.evaluate("y => scrollTo(0, y)", y)
        if not page.evaluate(BAR_IN_VIEW):
            problems.append(f"bar out of view at {y}")
        # Nothing overlays a control that is fully below the bar.
        clear = page.evaluate(
            """() => { const b = document.getElementById('order-bar')
                         .getBoundingClientRect().bottom;
              return [...document.querySelectorAll('[data-probe]')].filter(el => {
                const r = el.getBoundingClientRect();
                return r.top >= b && r.bottom <= innerHeight; })
                .map(el => el.dataset.probe); }"""
        )
        for i in clear:
            seen = page.locator(f'[data-probe="{i}"]').evaluate(HIT)
            if not seen["ok"]:
                problems.append((y, seen))
    bar = page.locator("#order-bar")
    assert total and bar.locator("#order-bar-total").inner_text() == total
    lines = page.locator("#lines tr.order-line").count()
    assert lines == EXTRA_LINES + 1 and f"{lines} lines" in bar.inner_text()
    return problems


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_order_total_stays_in_view_and_covers_no_control(
    page, live_server, workspace, size
) -> None:  # type: ignore[no-untyped-def]
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, "learner@example.com")
    page.goto(f"{live_server}{workspace}")
    count = page.evaluate(MARK, CONTROLS)
    assert count > 20  # buttons, inputs and summaries of the whole desk
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * height
    problems = _sweep(page)
    problems += _problems_when_focused(page, range(count))
    # Keyboard: Tab through the desk; the focused control is never under the bar.
    page.evaluate("scrollTo(0, 0)")
    page.locator("#order-bar a").first.focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if page.evaluate("el => !!el.closest('#order-bar')", focused):
            continue
        seen = page.evaluate(HIT, focused)
        if not seen["ok"]:
            problems.append(("tab", seen))
    # In-page links (the bar's own, the action list's) land clear of the bar.
    links = page.locator("#order-bar a, .action-bar > ul a").all()
    for link in links[:6] + links[-6:]:
        target = link.get_attribute("href")
        page.evaluate("scrollTo(0, 0)")
        link.click()
        below = page.evaluate(
            """id => { const t = document.getElementById(id);
              if (!t || !t.getClientRects().length) { return true; }
              if (t.tagName === 'DETAILS' && !t.open) { return false; }
              const b = document.getElementById('order-bar').getBoundingClientRect();
              return t.getBoundingClientRect().top >= b.bottom - 1; }""",
            target.lstrip("#"),
        )
        if not below:
            problems.append(("link", target))
    assert not problems, problems[:20]
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width
    if AXE.exists():
        page.evaluate("scrollTo(0, 0)")
        page.evaluate(AXE.read_text())
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.map(v => ({id: v.id, impact: v.impact,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
        )
        assert not violations, violations


def test_order_bar_without_javascript_keeps_links_and_tab_clear(
    browser, live_server, workspace
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    sign_in(page, live_server, "learner@example.com")
    page.goto(f"{live_server}{workspace}")
    page.locator("#order-bar").get_by_role("link", name="Order lines").click()
    heading = page.locator("#lines").bounding_box()
    bar = page.locator("#order-bar").bounding_box()
    assert heading and bar and heading["y"] >= bar["y"] + bar["height"] - 1
    problems = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if page.evaluate("el => !!el.closest('#order-bar')", focused):
            continue
        seen = page.evaluate(HIT, focused)
        if not seen["ok"]:
            problems.append(seen)
    assert not problems, problems[:10]
    context.close()
