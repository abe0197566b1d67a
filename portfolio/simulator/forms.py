"""Simulator forms: the picker, tasks, buttons, and one form per action kind.

The engine describes every action's parameters (name, type, required, choices); this
module turns each description into a WTForms form so the browser gets labels, hints,
server-side validation and CSRF protection, and the engine receives the same params
the JSON API would send.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    Field,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)

from portfolio.core.forms import CheckboxListField, UKDateField, choices
from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain import ACTION_KINDS, COMPLICATION_DEFS
from portfolio.simulator.domain.engine.params import ParamSpec
from portfolio.simulator.domain.scenarios.model import Difficulty
from portfolio.simulator.services.runs import MAX_SEED

TYPE_HINTS = {
    OrderType.STANDARD: "catalogue items for a known customer",
    OrderType.BESPOKE: "a made-to-order item with a specification to agree",
    OrderType.URGENT: "a tight deadline and a dispatch cut-off",
}
DIFFICULTY_HINTS = {
    Difficulty.EASY: "one complication",
    Difficulty.MEDIUM: "a couple of complications",
    Difficulty.HARD: "several complications at once",
}
TYPE_CHOICES = choices([(t.value, f"{t.label}: {TYPE_HINTS[t]}") for t in OrderType])
DIFFICULTY_CHOICES = choices(
    [(d.value, f"{d.value.capitalize()}: {DIFFICULTY_HINTS[d]}") for d in Difficulty]
)


def _type_field() -> RadioField:
    """The type-of-order choice both scenario forms ask."""
    return RadioField(
        "Type of order",
        choices=TYPE_CHOICES,
        validators=[DataRequired("Choose a type of order.")],
        invalid_choice_message="Choose a type of order from the list.",
    )


def _difficulty_field(default: Difficulty) -> RadioField:
    """The difficulty choice both scenario forms ask."""
    return RadioField(
        "Difficulty",
        choices=DIFFICULTY_CHOICES,
        default=default.value,
        validators=[DataRequired("Choose a difficulty.")],
        invalid_choice_message="Choose a difficulty from the list.",
    )


def _readable(form: FlaskForm, field: Field) -> None:
    """Stop at the field's own "could not read it" message: one error per problem."""
    if field.process_errors:
        raise StopValidation()


class StartRunForm(FlaskForm):
    """Pick a scenario."""

    scenario_type = _type_field()
    difficulty = _difficulty_field(Difficulty.EASY)
    seed = IntegerField(
        "Scenario number",
        validators=[
            _readable,
            Optional(),
            NumberRange(
                0, MAX_SEED, f"Enter a scenario number from 0 to {MAX_SEED:,}."
            ),
        ],
        invalid_value_message="Enter the scenario number as a whole number, like 1234.",
        description="Leave blank for a new scenario, or enter a number to replay one.",
    )


class TaskForm(FlaskForm):
    """An assessor sets a scenario for a learner."""

    scenario_type = _type_field()
    difficulty = _difficulty_field(Difficulty.MEDIUM)
    complications = CheckboxListField(
        "Complications to practise",
        choices=choices(sorted((d.id, d.title) for d in COMPLICATION_DEFS)),
        description="Leave all unticked to let the difficulty decide.",
        invalid_choice_message="Choose complications from the list.",
    )
    note = TextAreaField(
        "Note to the learner",
        validators=[
            Optional(),
            Length(max=2000, message="Keep the note to 2,000 characters or fewer."),
        ],
    )


class ButtonForm(FlaskForm):
    """A button that only needs CSRF protection."""


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


def _label(name: str) -> str:
    """A human label for a parameter."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def _options(
    spec: ParamSpec, dynamic: Mapping[str, Sequence[tuple[str, str]]], kind: str
) -> list[tuple[str, str]] | None:
    """The options of a select parameter (None when the parameter is not one).

    ``dynamic`` is keyed by parameter name, or by ``kind.name`` for one kind only.
    """
    if f"{kind}.{spec.name}" in dynamic:
        opts = list(dynamic[f"{kind}.{spec.name}"])
    elif spec.name in dynamic:
        opts = list(dynamic[spec.name])
    elif spec.type == "choice":
        opts = [(c, c.replace("_", " ").capitalize()) for c in spec.choices]
    else:
        return None
    return opts if spec.required else [("", "— choose —"), *opts]


def _field(spec: ParamSpec, options: Sequence[tuple[str, str]] | None) -> Field | None:
    """The WTForms field for one engine parameter (None for composite types).

    ``options`` are the parameter's select options (None: it is not a select).
    """
    need = (
        [InputRequired(f"Enter the {_label(spec.name).lower()}.")]
        if spec.required
        else [Optional()]
    )
    kw: dict[str, Any] = {
        "description": spec.help if spec.help and spec.help[0].isupper() else ""
    }
    label = _label(spec.name)
    if options is not None:
        return SelectField(label, choices=choices(options), validators=need, **kw)
    between = NumberRange(
        0, 1_000_000, f"Enter the {label.lower()} as a number from 0 to 1,000,000."
    )
    if spec.type == "int":
        return IntegerField(
            label,
            validators=[*need, between],
            invalid_value_message=f"Enter the {label.lower()} as a whole number.",
            **kw,
        )
    if spec.type == "decimal":
        return DecimalField(label, places=2, validators=[*need, between], **kw)
    if spec.type == "date":
        kw["description"] = "For example, 27/07/2026 or 27 Jul 2026."
        return UKDateField(label, validators=need, **kw)
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
    options = tuple(
        _hashable(_options(param, dynamic or {}, kind)) for param in spec.params
    )
    kwargs: dict[str, Any] = {"prefix": prefix or kind, "data": dict(data or {})}
    if formdata != "auto":
        kwargs["formdata"] = formdata
    form = _form_class(kind, options)(**kwargs)
    form.kind = kind
    form.spec = spec
    return form


Options = tuple[tuple[str, str], ...] | None


def _hashable(options: Sequence[tuple[str, str]] | None) -> Options:
    """Select options as a cache key."""
    return None if options is None else tuple((v, label) for v, label in options)


# The workspace shows ~20 action forms per page: building each class once per kind
# and option list, as a static WTForms form is, saves most of the cost of the forms.
@lru_cache(maxsize=512)
def _form_class(kind: str, options: tuple[Options, ...]) -> type[FlaskForm]:
    """The form class of ``kind`` whose selects offer ``options`` (one per param)."""

    class ActionForm(FlaskForm):
        """Parameters of one simulator action."""

    for param, opts in zip(ACTION_KINDS[kind].params, options, strict=True):
        field = _field(param, opts)
        if field is not None:
            setattr(ActionForm, param.name, field)
    ActionForm.__name__ = f"{kind.title().replace('_', '')}Form"
    return ActionForm


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
