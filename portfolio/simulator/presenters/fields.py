"""The fields of a workspace action form, rendered once per form class and values.

The order desk shows ~20 action forms on every page, ~55 fields in all, and rendering
each through the shared ``field`` macro and its WTForms widget was a third of the
page. A form class is built once per kind and select options
(``forms._form_class``), so a field's label, hint, flags and options are fixed by
its class; what else its markup depends on (id, name, value, errors, extra
attributes) is the key under which the class keeps the rendered fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field

KEPT_PER_CLASS = 8  # field groups a class keeps: one run's values, typed ones vary
_ATTR = "_kept_fields_html"
_BEFORE, _AFTER = Markup("\n    "), Markup("\n  ")  # the action macro's layout
_EMPTY = Markup("")


def action_fields(
    form: FlaskForm,
    exclude: Sequence[str] = (),
    hidden: Mapping[str, Any] | None = None,
    extra: Mapping[str, Mapping[str, Any]] | None = None,
) -> Markup:
    """The form's fields (not its token, ``exclude`` or ``hidden`` ones) as markup.

    The same text as calling the ``field`` macro of ``_macros/forms.html`` for each
    field, with ``extra`` attributes by field name.
    """
    skip = {*exclude, *(hidden or {})}
    fields = [
        f for f in form if f.type != "CSRFTokenField" and f.short_name not in skip
    ]
    if not fields:
        return _EMPTY  # a button form: every parameter hidden
    extras = extra or {}
    key = _key(fields, extras)
    kept: dict[Any, Markup] | None = type(form).__dict__.get(_ATTR)
    if key is not None and kept is not None and key in kept:
        return kept[key]
    html = _render(fields, extras)
    if key is not None:
        if kept is None or len(kept) >= KEPT_PER_CLASS:
            kept = {}
            setattr(type(form), _ATTR, kept)
        kept[key] = html
    return html


def _key(fields: list[Field], extras: Mapping[str, Mapping[str, Any]]) -> Any:
    """What the fields' markup depends on beyond their class (None: not kept)."""
    parts = []
    for f in fields:
        if f.errors or f.process_errors:
            return None  # a refused form, shown once: not worth keeping
        attrs = extras.get(f.short_name)
        parts.append(
            (
                f.id,
                f.name,
                type(f.data),
                repr(f.data),
                f._value() if hasattr(f, "_value") else None,
                tuple(sorted(attrs.items())) if attrs else None,
            )
        )
    return (tuple(parts), current_app.jinja_env)


def _render(fields: list[Field], extras: Mapping[str, Mapping[str, Any]]) -> Markup:
    """Each field through the shared ``field`` macro, laid out as the macro does."""
    field = current_app.jinja_env.get_template("_macros/forms.html").module.field  # type: ignore[attr-defined]
    return Markup("").join(
        _BEFORE + field(f, extra=extras.get(f.short_name)) + _AFTER for f in fields
    )
