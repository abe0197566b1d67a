"""The action form function writes exactly what the ``action`` macro it replaced did."""

from __future__ import annotations

import itertools

from flask import render_template_string
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from portfolio.simulator.domain import ACTION_KINDS
from portfolio.simulator.forms import action_form
from portfolio.simulator.presenters.action_html import action

# The macro as the workspace templates last called it (the reference).
MACRO = """{% macro action(kind, run, forms, options, labels, return_to='', button=None, hidden=None, exclude=(), compact=False, secondary=False, confirm=None, trigger=None, extra=None, swap=None, oob=None) %}
{% set form = forms[kind] %}
{% set opt = options.get(kind, {'allowed': True, 'reason': ''}) %}
{% set target = form.target or url_for('simulator.run_act', run_id=run.id, kind=kind) %}
{% set mine = form.refusal is defined and form.refusal %}
{% if mine %}{% set ns = namespace(mine=true) %}{% for name, value in (hidden or {}).items() %}{% if form[name] is defined and form[name].data|string != value|string %}{% set ns.mine = false %}{% endif %}{% endfor %}{% set mine = ns.mine %}{% endif %}
<form method="post" action="{{ target }}" hx-post="{{ target }}" class="action-form {% if compact %}action-form--compact{% endif %} {% if mine %}action-form--refused{% endif %}" novalidate {% if trigger %}hx-trigger="{{ trigger }}"{% endif %} hx-sync="{{ 'this:replace' if trigger and not swap else '#desk:queue all' }}" {% if swap %}hx-swap="{{ swap }}"{% endif %} {% if oob %}hx-select-oob="{{ oob }}"{% endif %} {% if confirm %}hx-confirm="{{ confirm }}"{% endif %}>
  {#- The same hidden input WTForms writes, without its widget machinery: ~20 forms a page. #}
  {% if form.csrf_input %}{{ form.csrf_input }}{% elif form.csrf_token is defined %}<input id="{{ form.csrf_token.id }}" name="{{ form.csrf_token.name }}" type="hidden" value="{{ csrf_token() }}">{% endif %}
  {% if mine %}<p class="field-error refusal" id="refusal-{{ kind }}" role="alert" tabindex="-1"><span class="visually-hidden">Error:</span> {{ labels[kind] }} was not done: {{ form.refusal }}</p>{% endif %}
  <input type="hidden" name="return_to" value="{{ return_to }}">
  {% for name, value in (hidden or {}).items() %}<input type="hidden" name="{{ kind }}-{{ name }}" value="{{ value }}">{% endfor %}
  {{ simulator_action_fields(form, exclude, hidden, extra) }}
  {{ caller() if caller else '' }}
  {% if opt.allowed %}
  <button type="submit" class="button {% if secondary %}button--secondary{% endif %} {% if compact %}button--small{% endif %}">{{ button or labels[kind] }}</button>
  {% else %}
  <button type="submit" class="button button--secondary {% if compact %}button--small{% endif %}" aria-disabled="true" aria-describedby="why-{{ kind }}-{{ return_to }}">{{ button or labels[kind] }}</button>
  <p class="hint why-not" id="why-{{ kind }}-{{ return_to }}">Not available now: {{ opt.reason }}</p>
  {% endif %}
</form>
{% endmacro %}"""
CHOICES = {"line_id": [("1", "Line 1: A × 2"), ("2", "Line 2: B × 1")]}
LABELS = {k: v.label for k, v in ACTION_KINDS.items()}


class _Run:
    id = 7


def _macro(kind, forms, options, body=None, **kw):  # type: ignore[no-untyped-def]
    """The reference macro's output (``body``: what a call block adds)."""
    args = ", ".join(f"{k}={k}" for k in kw)
    call = f"action(kind, run, forms, options, labels{', ' if args else ''}{args})"
    src = MACRO + (
        f"{{% call {call} %}}{body}{{% endcall %}}" if body else f"{{{{ {call} }}}}"
    )
    return render_template_string(
        src, kind=kind, run=_Run, forms=forms, options=options, labels=LABELS, **kw
    )


def _function(kind, forms, options, body=None, **kw):  # type: ignore[no-untyped-def]
    caller = (lambda: Markup(body)) if body else None
    return str(action(kind, _Run, forms, options, LABELS, caller=caller, **kw))


VARIANTS = [
    {},
    {"return_to": "act-x", "button": "Go <now>", "compact": True},
    {"secondary": True, "confirm": 'Remove line 1? "Sure"', "hidden": {"line_id": 1}},
    {
        "trigger": "input delay:600ms, submit",
        "extra": {"query": {"autocomplete": "off"}},
    },
    {"trigger": "change, submit", "swap": "none", "oob": "#order-summary"},
    {"exclude": ("qty",), "compact": True, "secondary": True},
]


def test_every_kind_and_option_is_written_as_the_macro_did(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        for kind, variant, allowed in itertools.product(
            ACTION_KINDS, VARIANTS, (True, False)
        ):
            forms = {kind: action_form(kind, CHOICES, formdata=None)}
            options = {kind: {"allowed": allowed, "reason": "Not <yet> & never"}}
            want = _macro(kind, forms, options, **variant)
            assert _function(kind, forms, options, **variant) == want, (kind, variant)
        forms = {"add_line": action_form("add_line", CHOICES, formdata=None)}
        body = '<input type="hidden" name="use_for_order" value="1">'
        assert _function("add_line", forms, {}, body=body) == _macro(
            "add_line", forms, {}, body=body
        )


def test_a_refused_form_is_marked_only_where_it_was_sent(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        sent = MultiDict({"check_stock-line_id": "2"})
        form = action_form("check_stock", CHOICES, formdata=sent)
        form.validate()
        form.refusal = "No stock <here>."
        forms, options = {"check_stock": form}, {}
        for line in (1, 2):
            hidden = {"line_id": line}
            got = _function("check_stock", forms, options, hidden=hidden)
            assert got == _macro("check_stock", forms, options, hidden=hidden)
            assert ("action-form--refused" in got) == (line == 2)
            assert ("No stock &lt;here&gt;." in got) == (line == 2)
        bad = action_form(
            "add_line", CHOICES, formdata=MultiDict({"add_line-qty": "x"})
        )
        bad.validate()
        bad.refusal = ""
        forms = {"add_line": bad}
        got = _function("add_line", forms, {})
        assert got == _macro("add_line", forms, {}) and "field-error" in got
