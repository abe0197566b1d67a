"""Kept field markup equals the shared macro's, and follows the values and errors."""

from __future__ import annotations

from datetime import date

from flask import render_template_string
from werkzeug.datastructures import MultiDict

from portfolio.simulator.domain import ACTION_KINDS
from portfolio.simulator.forms import action_form
from portfolio.simulator.presenters.fields import action_fields

# The loop the action macro ran before its fields were kept (the reference).
MACRO_LOOP = (
    '{% from "_macros/forms.html" import field %}'
    "{% for f in form if f.type != 'CSRFTokenField' and f.short_name not in exclude"
    " and f.short_name not in (hidden or {}) %}\n"
    "    {{ field(f, extra=(extra or {}).get(f.short_name)) }}\n"
    "  {% endfor %}"
)
CHOICES = {
    "line_id": [("1", "Line 1: A × 2"), ("2", "Line 2: B × 1")],
    "contact_id": [("C1-1", "Ann (buyer, may order)")],
    "question_id": [("Q1", "Situation: Who orders?")],
}


def _both(form, **kw):  # type: ignore[no-untyped-def]
    """The kept markup (asked twice) and the reference loop's."""
    args = {"exclude": (), "hidden": None, "extra": None, **kw}
    first = action_fields(form, args["exclude"], args["hidden"], args["extra"])
    again = action_fields(form, args["exclude"], args["hidden"], args["extra"])
    assert first == again
    return str(again), render_template_string(MACRO_LOOP, form=form, **args)


def test_every_kind_renders_as_the_macro_did(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        for kind in ACTION_KINDS:
            kept, reference = _both(action_form(kind, CHOICES, formdata=None))
            assert kept == reference, kind


def test_values_hidden_fields_and_extra_attributes_are_part_of_the_key(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        for query in ("Ltd", "Acme <b>", "Ltd"):
            form = action_form(
                "search_crm", CHOICES, formdata=None, data={"query": query}
            )
            kept, reference = _both(form, extra={"query": {"autocomplete": "off"}})
            assert kept == reference and 'autocomplete="off"' in kept
            assert 'value="Acme &lt;b&gt;"' in kept or query == "Ltd"
        plain, _ = _both(action_form("search_crm", CHOICES, formdata=None))
        assert "autocomplete" not in plain
        header = {"requested_date": date(2026, 7, 27), "contact_id": "C1-1"}
        form = action_form("set_order_header", CHOICES, formdata=None, data=header)
        kept, reference = _both(form, hidden={"account": "C1"}, exclude=("priority",))
        assert kept == reference and "27 Jul 2026" in kept
        assert 'name="set_order_header-account"' not in kept
        assert 'name="set_order_header-priority"' not in kept
        other, _ = _both(action_form("set_order_header", CHOICES, formdata=None))
        assert other != kept


def test_a_refused_form_shows_its_own_errors(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        clean, _ = _both(action_form("add_line", CHOICES, formdata=None))
        bad = action_form(
            "add_line", CHOICES, formdata=MultiDict({"add_line-qty": "x"})
        )
        bad.validate()
        kept, reference = _both(bad)
        assert kept == reference and "field-error" in kept
        assert "field-error" not in clean
        again, _ = _both(action_form("add_line", CHOICES, formdata=None))
        assert again == clean


def test_a_class_keeps_a_bounded_number_of_renderings(app) -> None:  # type: ignore[no-untyped-def]
    from portfolio.simulator.presenters import fields

    with app.test_request_context():
        for n in range(3 * fields.KEPT_PER_CLASS):
            form = action_form(
                "search_crm", CHOICES, formdata=None, data={"query": f"q{n}"}
            )
            assert f'value="q{n}"' in str(action_fields(form))
        kept = type(form).__dict__[fields._ATTR]
        assert 0 < len(kept) <= fields.KEPT_PER_CLASS
