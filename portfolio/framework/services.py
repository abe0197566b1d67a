"""Load the criteria framework from YAML into the database, idempotently."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.audit.services import record_event
from portfolio.core import typing as core_typing
from portfolio.core.typing import Session
from portfolio.errors import ValidationError
from portfolio.framework.domain.spec import FrameworkError, UnitSpec, parse_framework
from portfolio.framework.models import Criterion, Unit


def read_framework_file(path: Path) -> tuple[UnitSpec, ...]:
    """Read and validate a framework YAML file; errors name the file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return parse_framework(document)
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read the file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: not valid YAML ({exc})") from exc
    except FrameworkError as exc:
        raise FrameworkError(f"{path}: {exc}") from exc


def _apply_unit(session: Session, spec: UnitSpec) -> int:
    """Create or update one unit and its criteria; return rows changed."""
    unit = session.scalars(
        select(Unit).where(Unit.code == spec.code).options(selectinload(Unit.criteria))
    ).first()
    changed = 0
    if unit is None:
        unit = Unit(code=spec.code, title=spec.title)
        session.add(unit)
        changed += 1
    sufficiency = json.dumps(dict(spec.sufficiency), sort_keys=True)
    if (unit.title, unit.summary, unit.sufficiency) != (
        spec.title,
        spec.summary,
        sufficiency,
    ):
        unit.title, unit.summary, unit.sufficiency = (
            spec.title,
            spec.summary,
            sufficiency,
        )
        changed += 1
    for key, value in spec.awarding.items():
        if getattr(unit, key) != value:
            setattr(unit, key, value)
            changed += 1
    existing = {c.code: c for c in unit.criteria}
    for c in spec.criteria:
        row = existing.get(c.code)
        values = (c.kind, c.text, c.guidance, c.order, c.order_type)
        if row is None:
            unit.criteria.append(
                Criterion(
                    code=c.code,
                    kind=c.kind,
                    text=c.text,
                    guidance=c.guidance,
                    order=c.order,
                    order_type=c.order_type,
                )
            )
            changed += 1
        elif (row.kind, row.text, row.guidance, row.order, row.order_type) != values:
            row.kind, row.text, row.guidance, row.order, row.order_type = values
            changed += 1
    return changed


def load_framework(session: Session, path: Path) -> int:
    """Validate the whole file first, then upsert; return the number of rows changed."""
    specs = read_framework_file(path)
    changed = sum(_apply_unit(session, spec) for spec in specs)
    session.flush()
    if changed:
        record_event(
            session,
            actor=None,
            action="framework.load",
            object_type="framework",
            details={"file": path.name, "changed": changed},
        )
    return changed


def list_units(session: Session) -> list[Unit]:
    """Every unit with its criteria, in order."""
    stmt = select(Unit).options(selectinload(Unit.criteria)).order_by(Unit.code)
    return list(session.scalars(stmt))


def criteria_by_code(session: Session, unit_code: str) -> dict[str, Criterion]:
    """The criteria of one unit keyed by code."""
    stmt = select(Criterion).join(Unit).where(Unit.code == unit_code)
    return {c.code: c for c in session.scalars(stmt)}


def default_unit(session: core_typing.Session) -> Unit:
    """The unit new evidence belongs to (the first loaded unit)."""
    unit = session.scalars(select(Unit).order_by(Unit.id).limit(1)).first()
    if unit is None:
        raise ValidationError("No qualification unit is loaded yet. Ask an admin.")
    return unit
