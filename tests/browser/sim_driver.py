"""Drive the simulator workspace through its forms, as a learner would."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Locator, Page


def _form(page: Page, kind: str, params: dict[str, Any]) -> Locator:
    """The form for ``kind`` whose hidden fields match ``params`` (e.g. the right line)."""
    # the full action forms, not the desk's shortcuts ("Use for this order", the
    # quantity box in the line grid), so each scripted action is exactly one action
    forms = page.locator(f'form.action-form[action$="/act/{kind}"]')
    for i in range(forms.count()):
        form = forms.nth(i)
        if form.locator('input[name="use_for_order"]').count():
            continue
        hidden = form.locator('input[type="hidden"]')
        ok = True
        for j in range(hidden.count()):
            name = hidden.nth(j).get_attribute("name") or ""
            short = name.removeprefix(f"{kind}-")
            if (
                name.startswith(f"{kind}-")
                and short in params
                and str(params[short]) != hidden.nth(j).get_attribute("value")
            ):
                ok = False
        if ok:
            return form
    raise AssertionError(f"no form for {kind} {params}")


def _open_details(form: Locator) -> None:
    """Expand any closed <details> around the form (a person clicks the summary)."""
    form.evaluate(
        "f => { let d = f.closest('details'); while (d) { d.open = true;"
        " d = d.parentElement.closest('details'); } }"
    )


def _fill(form: Locator, kind: str, name: str, value: Any) -> None:
    """Fill one parameter into its control."""
    if name == "options":
        for key, val in value.items():
            control = form.locator(f'[name="{kind}-options-{key}"]')
            if control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(str(val))
            else:
                control.fill(str(val))
        return
    control = form.locator(f'[name="{kind}-{name}"]')
    if control.count() == 0 or control.first.get_attribute("type") == "hidden":
        return
    control = control.first
    tag = control.evaluate("e => e.tagName")
    if control.get_attribute("type") == "checkbox":
        control.set_checked(bool(value))
    elif tag == "SELECT":
        control.select_option("" if value is None else str(value))
    else:
        control.fill("" if value is None else str(value))


def do(page: Page, kind: str, params: dict[str, Any], *, strict: bool = True) -> None:
    """Perform one action through the workspace; ``strict`` fails on a refusal."""
    if not getattr(page, "_accepts_dialogs", False):  # "Submit this order?" -> OK
        page.on("dialog", lambda dialog: dialog.accept())
        page._accepts_dialogs = True  # type: ignore[attr-defined]
    params = json.loads(json.dumps(params, default=str))
    if (
        "options" in params
        and page.locator(
            f'[name="add_line-options-{next(iter(params["options"]))}"]'
        ).count()
        == 0
    ):
        do(page, "view_product", {"code": params["code"]})  # look the product up first
    form = _form(page, kind, params)
    _open_details(form)
    for name, value in params.items():
        _fill(form, kind, name, value)
    check_now = form.locator('input[name="check_now"]')
    if check_now.count():  # the script checks stock itself, as its own action
        check_now.set_checked(False)
    # aria-disabled buttons still submit (the engine then refuses and logs it);
    # htmx swaps the page in place, so wait for the desk to change, not a load
    # order details save as they change and swap nothing, so also wait for htmx to
    # have handled a response with nothing left in flight or settling
    page.evaluate(
        "() => { document.getElementById('main').dataset.stale = '1';"
        " window.__simDone = false; if (!window.__simHooked) { window.__simHooked = 1;"
        " document.addEventListener('htmx:afterOnLoad',"
        " () => { window.__simDone = true; }); } }"
    )
    form.locator('button[type="submit"]').last.click(force=True)
    page.wait_for_function(  # the page was swapped or reloaded, and has settled
        "() => { const m = document.getElementById('main');"
        " return m && (!m.dataset.stale || window.__simDone)"
        " && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping');"
        " }"
    )
    assert page.locator(".field-error:not(.refusal)").count() == 0, page.locator(
        ".field-error"
    ).all_inner_texts()
    refused = page.locator(".refusal")
    if strict and refused.count():
        raise AssertionError(f"{kind} {params}: {refused.all_inner_texts()}")
