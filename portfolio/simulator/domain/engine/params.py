"""Validation of action parameters: types, required fields, sizes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from portfolio.simulator.domain.company.crm import valid_postcode
from portfolio.simulator.domain.errors import ValidationError
from portfolio.simulator.domain.money import dec

MAX_TEXT = {"str": 120, "text": 2000}
INT_RANGE = (0, 1_000_000)
ADDRESS_FIELDS = ("line1", "line2", "town", "county", "postcode")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of an action kind."""

    name: str
    type: str
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()


def parse_params(
    specs: tuple[ParamSpec, ...], raw: Mapping[str, object]
) -> dict[str, Any]:
    """Validated, converted parameters (absent optional ones are left out)."""
    if not isinstance(raw, Mapping):
        raise ValidationError("parameters must be a mapping", "params")
    known = {s.name for s in specs}
    for name in raw:
        if name not in known:
            raise ValidationError(f"unknown field {name!r}", str(name))
    out: dict[str, Any] = {}
    for spec in specs:
        value = raw.get(spec.name)
        blank = isinstance(value, str) and not value.strip()
        if value is None or (blank and (spec.required or spec.type not in MAX_TEXT)):
            if spec.required:
                raise ValidationError(f"{spec.name} is required", spec.name)
            continue
        out[spec.name] = _convert(spec, value)
    return out


def _convert(spec: ParamSpec, value: object) -> Any:
    """Convert one value; raise ValidationError naming the field."""
    try:
        return CONVERT[spec.type](spec, value)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise ValidationError(f"{spec.name}: {exc}", spec.name) from exc


def _text(spec: ParamSpec, value: object) -> str:
    """A trimmed string within the size limit."""
    if not isinstance(value, str):
        raise TypeError("must be text")
    text = value.strip()
    if len(text) > MAX_TEXT[spec.type]:
        raise ValueError(f"must be at most {MAX_TEXT[spec.type]} characters")
    return text


def _int(spec: ParamSpec, value: object) -> int:
    """A whole number in range."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError("must be a whole number")
    if isinstance(value, str) and not re.fullmatch(r"\s*-?\d+\s*", value):
        raise ValueError("must be a whole number")
    number = int(value)
    if not INT_RANGE[0] <= number <= INT_RANGE[1]:
        raise ValueError(f"must be between {INT_RANGE[0]} and {INT_RANGE[1]}")
    return number


def _decimal(spec: ParamSpec, value: object) -> Decimal:
    """A non-negative decimal with at most two places."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise TypeError("must be a number written as text")
    number = dec(value)
    if number < 0 or number > Decimal("1000000"):
        raise ValueError("must be between 0 and 1,000,000")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError("at most two decimal places")
    return number.quantize(Decimal("0.01"))


def _date(spec: ParamSpec, value: object) -> str:
    """An ISO date (YYYY-MM-DD)."""
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError("must be a date (YYYY-MM-DD)")
    return date.fromisoformat(value.strip()).isoformat()


def _bool(spec: ParamSpec, value: object) -> bool:
    """A yes/no value."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "off", "0"):
        return False
    raise ValueError("must be true or false")


def _choice(spec: ParamSpec, value: object) -> str:
    """One of the allowed choices."""
    if value not in spec.choices:
        raise ValueError(f"must be one of {', '.join(spec.choices)}")
    return str(value)


def _options(spec: ParamSpec, value: object) -> dict[str, str]:
    """A mapping of option name to value."""
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise TypeError("must map option names to text values")
    if len(value) > 20 or any(len(v) > 200 for v in value.values()):
        raise ValueError("too many or too long options")
    return {k.strip(): v.strip() for k, v in sorted(value.items())}


def _address(spec: ParamSpec, value: object) -> dict[str, str]:
    """A UK address with at least a first line, town and valid postcode."""
    if not isinstance(value, Mapping):
        raise TypeError("must be an address")
    out = {k: str(value.get(k) or "").strip()[:120] for k in ADDRESS_FIELDS}
    if not out["line1"] or not out["town"]:
        raise ValueError("needs a first line and a town")
    if not valid_postcode(out["postcode"]):
        raise ValueError("needs a valid UK postcode")
    return out


CONVERT = {
    "str": _text,
    "text": _text,
    "int": _int,
    "decimal": _decimal,
    "date": _date,
    "bool": _bool,
    "choice": _choice,
    "options": _options,
    "address": _address,
}
