"""One workspace action form as HTML: the markup the ``action`` macro wrote.

The order desk calls it ~60 times a page (two buttons per CRM result, one per order
line, one form per panel); as a Jinja macro each call cost ~40 µs before its fields,
as a function it costs a few. The fields come from ``fields.action_fields`` (the
shared ``field`` macro, kept per form class and values). The layout, blank lines
included, is that of the macro it replaced: ``tests/web/simulator/
test_action_html.py`` renders both for every kind and option.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from portfolio.simulator.presenters.fields import action_fields

_ALLOWED: Mapping[str, Any] = {"allowed": True, "reason": ""}


def action(  # noqa: PLR0913  # the macro's own parameters, for its call sites
    kind: str,
    run: Any,
    forms: Mapping[str, FlaskForm],
    options: Mapping[str, Mapping[str, Any]],
    labels: Mapping[str, str],
    return_to: str = "",
    button: str | None = None,
    hidden: Mapping[str, Any] | None = None,
    exclude: Sequence[str] = (),
    compact: bool = False,
    secondary: bool = False,
    confirm: str | None = None,
    trigger: str | None = None,
    extra: Mapping[str, Mapping[str, Any]] | None = None,
    swap: str | None = None,
    oob: str | None = None,
    caller: Callable[[], str] | None = None,
) -> Markup:
    """The form that posts action ``kind`` of ``run``, with its fields and button."""
    form = forms[kind]
    opt = options.get(kind, _ALLOWED)
    target = escape(
        getattr(form, "target", None)
        or url_for("simulator.run_act", run_id=run.id, kind=kind)
    )
    mine = _refused_here(form, hidden)
    out = [
        "\n\n\n\n\n\n",
        f'<form method="post" action="{target}" hx-post="{target}" class="action-form ',
        "action-form--compact" if compact else "",
        " action-form--refused" if mine else " ",
        '" novalidate ',
        f'hx-trigger="{escape(trigger)}"' if trigger else "",
        ' hx-sync="',
        "this:replace" if trigger and not swap else "#desk:queue all",
        '" ',
        f'hx-swap="{escape(swap)}"' if swap else "",
        " ",
        f'hx-select-oob="{escape(oob)}"' if oob else "",
        " ",
        f'hx-confirm="{escape(confirm)}"' if confirm else "",
        ">\n  ",
        _csrf_input(form),
        "\n  ",
    ]
    label = escape(labels[kind])
    if mine:
        out.append(
            f'<p class="field-error refusal" id="refusal-{escape(kind)}" role="alert"'
            ' tabindex="-1"><span class="visually-hidden">Error:</span> '
            f"{label} was not done: {escape(form.refusal)}</p>"
        )
    out.append(
        f'\n  <input type="hidden" name="return_to" value="{escape(return_to)}">\n  '
    )
    out += [
        f'<input type="hidden" name="{escape(kind)}-{escape(name)}" '
        f'value="{escape(value)}">'
        for name, value in (hidden or {}).items()
    ]
    out += [
        "\n  ",
        action_fields(form, exclude, hidden, extra),
        "\n  ",
        caller() if caller else "",
        "\n  ",
        _button(kind, opt, label, return_to, button, compact, secondary),
        "\n</form>\n",
    ]
    return Markup("".join(out))


def _refused_here(form: FlaskForm, hidden: Mapping[str, Any] | None) -> bool:
    """Whether this copy of the form is the one the learner sent and was refused.

    A form shown once per row (a line, a CRM result) was refused only in the row
    whose hidden values are the ones sent.
    """
    if not getattr(form, "refusal", None):
        return False
    fields = form._fields
    return not any(
        name in fields and str(fields[name].data) != str(value)
        for name, value in (hidden or {}).items()
    )


def csrf_input(form: FlaskForm) -> Markup:
    """The form's CSRF input, as the action macro wrote it ("" for a form without)."""
    token = form._fields.get("csrf_token")
    if token is None:
        return Markup("")
    return Markup(
        f'<input id="{escape(token.id)}" name="{escape(token.name)}" type="hidden" '
        f'value="{escape(generate_csrf())}">'
    )


def _csrf_input(form: FlaskForm) -> str:
    """The CSRF input kept on the form (``workspace.ActionForms``), else built."""
    return str(getattr(form, "csrf_input", None) or csrf_input(form))


def _button(  # noqa: PLR0913
    kind: str,
    opt: Mapping[str, Any],
    label: str,
    return_to: str,
    button: str | None,
    compact: bool,
    secondary: bool,
) -> str:
    """The submit button, or a disabled one with the reason it is not available."""
    text = escape(button) if button else label
    small = "button--small" if compact else ""
    if opt["allowed"]:
        kind_class = "button--secondary" if secondary else ""
        return (
            f'\n  <button type="submit" class="button {kind_class} {small}">'
            f"{text}</button>\n  "
        )
    why = f"why-{escape(kind)}-{escape(return_to)}"
    return (
        f'\n  <button type="submit" class="button button--secondary {small}" '
        f'aria-disabled="true" aria-describedby="{why}">{text}</button>\n'
        f'  <p class="hint why-not" id="{why}">Not available now: '
        f"{escape(opt['reason'])}</p>\n  "
    )
