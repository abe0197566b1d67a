"""Action form classes are built once per kind and options, never shared across them."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from portfolio.simulator.forms import action_form


def test_same_options_reuse_the_class_and_other_options_do_not(app) -> None:  # type: ignore[no-untyped-def]
    one = {"line_id": [("1", "Line 1")]}
    two = {"line_id": [("1", "Line 1"), ("2", "Line 2")]}
    with app.test_request_context():
        first = action_form("check_stock", one, formdata=None)
        again = action_form("check_stock", one, formdata=None)
        more = action_form("check_stock", two, formdata=None)
        assert type(first) is type(again)
        assert type(more) is not type(first)
        assert [c[0] for c in more.line_id.iter_choices()] == ["1", "2"]
        assert [c[0] for c in first.line_id.iter_choices()] == ["1"]


def test_a_bound_form_keeps_its_own_values_and_errors(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        bad = action_form("add_line", formdata=MultiDict({"add_line-qty": "x"}))
        bad.validate()
        clean = action_form("add_line", formdata=None)
        assert bad.qty.errors and not clean.qty.errors
        assert type(bad) is type(clean)
        assert clean.qty.data is None and bad.qty.raw_data == ["x"]
