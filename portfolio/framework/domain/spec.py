"""Pure validation of a framework document (parsed YAML) into unit specs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portfolio.errors import DomainError
from portfolio.framework.domain.vocabulary import (
    ORDER_TYPE_VALUES,
    CriterionKind,
    OrderType,
)

KINDS: tuple[str, ...] = tuple(k.value for k in CriterionKind)


class FrameworkError(DomainError):
    """The framework document is malformed; the message says where and why."""


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion as written in the framework file (and as rules read it)."""

    code: str
    kind: CriterionKind
    text: str
    guidance: str
    order: int
    order_type: OrderType | None = None


@dataclass(frozen=True)
class UnitSpec:
    """One unit and its criteria."""

    code: str
    title: str
    summary: str
    criteria: tuple[CriterionSpec, ...]
    sufficiency: Mapping[CriterionKind, int] = field(default_factory=dict)
    # Printed on the export's cover: the unit's and qualification's references.
    awarding: Mapping[str, str] = field(default_factory=dict)


AWARDING_KEYS = (
    "reference",
    "qualification_title",
    "qualification_reference",
    "awarding_body",
)


def _text(data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    """A string field, trimmed; raises FrameworkError when missing or not text."""
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def _criterion(raw: Any, where: str, order: int) -> CriterionSpec:
    """Validate one criterion entry."""
    if not isinstance(raw, Mapping):
        raise FrameworkError(f"{where}: each criterion must be a mapping")
    code = _text(raw, "code", where)
    where = f"{where} criterion {code}"
    kind = _text(raw, "kind", where)
    if kind not in KINDS:
        raise FrameworkError(f"{where}: kind '{kind}' is not one of {', '.join(KINDS)}")
    order_type = raw.get("order_type")
    if kind == CriterionKind.RANGE and order_type not in ORDER_TYPE_VALUES:
        raise FrameworkError(f"{where}: a range criterion needs order_type")
    return CriterionSpec(
        code=code,
        kind=CriterionKind(kind),
        text=_text(raw, "text", where),
        guidance=_text(raw, "guidance", where, required=False),
        order=order,
        order_type=OrderType(str(order_type)) if kind == CriterionKind.RANGE else None,
    )


def _sufficiency(raw: Any, where: str) -> dict[CriterionKind, int]:
    """Minimum number of distinct evidence kinds per criterion kind."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise FrameworkError(f"{where}: 'sufficiency' must be a mapping")
    out = {}
    for kind, value in raw.items():
        if kind not in KINDS or not isinstance(value, int) or value < 1:
            raise FrameworkError(
                f"{where}: sufficiency must map criterion kinds to whole numbers ≥ 1"
            )
        out[CriterionKind(kind)] = value
    return out


def _unit(raw: Any, index: int) -> UnitSpec:
    """Validate one unit entry."""
    if not isinstance(raw, Mapping):
        raise FrameworkError(f"unit #{index + 1}: must be a mapping")
    code = _text(raw, "code", f"unit #{index + 1}")
    where = f"unit {code}"
    criteria_raw = raw.get("criteria")
    if not isinstance(criteria_raw, list) or not criteria_raw:
        raise FrameworkError(f"{where}: 'criteria' must be a non-empty list")
    criteria = tuple(_criterion(c, where, i + 1) for i, c in enumerate(criteria_raw))
    codes = [c.code for c in criteria]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise FrameworkError(f"{where}: duplicate criterion codes {', '.join(dupes)}")
    return UnitSpec(
        code=code,
        title=_text(raw, "title", where),
        summary=_text(raw, "summary", where, required=False),
        criteria=criteria,
        sufficiency=_sufficiency(raw.get("sufficiency"), where),
        awarding={k: _text(raw, k, where, required=False) for k in AWARDING_KEYS},
    )


def parse_framework(document: Any) -> tuple[UnitSpec, ...]:
    """Validate a parsed framework document; raise FrameworkError on any problem."""
    if not isinstance(document, Mapping) or not isinstance(document.get("units"), list):
        raise FrameworkError("the document must have a top-level 'units' list")
    units = tuple(_unit(raw, i) for i, raw in enumerate(document["units"]))
    codes = [u.code for u in units]
    if len(set(codes)) != len(codes):
        raise FrameworkError("unit codes must be unique")
    return units
