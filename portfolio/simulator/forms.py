"""Workspace forms, built from the engine's action catalogue (one form per action kind).

The engine describes every action's parameters (name, type, required, choices); this
module turns each description into a WTForms form so the browser gets labels, hints,
server-side validation and CSRF protection, and the engine receives the same params
the JSON API would send.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Field,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portfolio.core.forms import choices
from portfolio.simulator.domain.engine.actions import ACTION_KINDS

LABELS = {
    "query": "Search for",
    "account": "Customer account",
    "contact_id": "Contact",
    "delivery_address_id": "Delivery address",
    "customer_ref": "Customer's reference (PO)",
    "requested_date": "Delivery date",
    "instructions": "Delivery instructions",
    "priority": "Priority",
    "part_delivery": "Customer accepts part delivery",
    "code": "Product code",
    "qty": "Quantity",
    "unit_price": "Unit price (£)",
    "discount_pct": "Discount (%)",
    "line_id": "Order line",
    "question_id": "Question",
    "warning_key": "Warning",
    "reason": "Reason",
    "type": "Approval for",
    "role": "Approver",
    "justification": "Justification",
    "channel": "Channel",
    "to_contact_id": "Send to",
    "minutes": "Minutes to wait",
    "next_event": "Wait until something happens",
    "who": "Who you dealt with",
    "summary": "What was said",
    "outcome": "Outcome",
    "next_action": "Next action",
    "next_action_date": "Next action date",
    "issue_type": "Type of issue",
    "problem": "Problem",
    "impact": "Impact on the order or customer",
    "action": "Action taken",
    "resolution": "Resolution",
    "issue_id": "Add to issue",
    "category": "Category",
}
ADDRESS_PARTS = ("line1", "line2", "town", "county", "postcode")
ADDRESS_LABELS = {
    "line1": "Address line 1",
    "line2": "Address line 2 (optional)",
    "town": "Town or city",
    "county": "County (optional)",
    "postcode": "Postcode",
}


def _label(name: str) -> str:
    """A human label for a parameter."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def _field(spec: Any, dynamic: Mapping[str, Sequence[tuple[str, str]]]) -> Field | None:
    """The WTForms field for one engine parameter (None for composite types)."""
    need = (
        [InputRequired(f"Enter the {_label(spec.name).lower()}.")]
        if spec.required
        else [Optional()]
    )
    kw: dict[str, Any] = {
        "description": spec.help if spec.help and spec.help[0].isupper() else ""
    }
    label = _label(spec.name)
    if spec.name in dynamic:
        opts = list(dynamic[spec.name])
        if not spec.required:
            opts = [("", "— choose —"), *opts]
        return SelectField(label, choices=choices(opts), validators=need, **kw)
    if spec.type == "choice":
        opts = [(c, c.replace("_", " ").capitalize()) for c in spec.choices]
        if not spec.required:
            opts = [("", "— choose —"), *opts]
        return SelectField(label, choices=choices(opts), validators=need, **kw)
    if spec.type == "int":
        return IntegerField(label, validators=[*need, NumberRange(0, 1_000_000)], **kw)
    if spec.type == "decimal":
        return DecimalField(
            label, places=2, validators=[*need, NumberRange(0, 1_000_000)], **kw
        )
    if spec.type == "date":
        return DateField(label, validators=need, **kw)
    if spec.type == "bool":
        return BooleanField(label, **kw)
    if spec.type == "text":
        return TextAreaField(label, validators=[*need, Length(max=2000)], **kw)
    if spec.type == "str":
        return StringField(label, validators=[*need, Length(max=120)], **kw)
    return None  # "options" and "address" are collected from prefixed fields


def action_form(
    kind: str,
    dynamic: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    *,
    formdata: Any = "auto",
    prefix: str = "",
    data: Mapping[str, Any] | None = None,
) -> FlaskForm:
    """A form instance for ``kind``; ``dynamic`` gives options for some params."""
    spec = ACTION_KINDS[kind]

    class ActionForm(FlaskForm):
        """Parameters of one simulator action."""

    for param in spec.params:
        field = _field(param, dynamic or {})
        if field is not None:
            setattr(ActionForm, param.name, field)
    ActionForm.__name__ = f"{kind.title().replace('_', '')}Form"
    kwargs: dict[str, Any] = {"prefix": prefix or kind, "data": dict(data or {})}
    if formdata != "auto":
        kwargs["formdata"] = formdata
    form = ActionForm(**kwargs)
    form.kind = kind
    form.spec = spec
    return form


def form_params(form: FlaskForm, raw: Mapping[str, str]) -> dict[str, Any]:
    """Engine params from a validated form plus prefixed option/address fields."""
    params: dict[str, Any] = {}
    for spec in form.spec.params:
        if spec.type == "options":
            options = _prefixed(raw, f"{form._prefix}options-")
            if options:
                params["options"] = options
            continue
        if spec.type == "address":
            address = _prefixed(raw, f"{form._prefix}address-")
            if any(address.values()):
                params[spec.name] = address
            continue
        value = getattr(form, spec.name).data
        if value is None or value == "":
            continue
        if spec.type == "bool" and not value:
            continue
        params[spec.name] = (
            value.isoformat()
            if hasattr(value, "isoformat")
            else (str(value) if spec.type == "decimal" else value)
        )
    return params


def _prefixed(raw: Mapping[str, str], prefix: str) -> dict[str, str]:
    """Fields whose names start with ``prefix``, keyed by the rest of the name."""
    return {
        k[len(prefix) :]: v.strip()
        for k, v in raw.items()
        if k.startswith(prefix) and v.strip()
    }
