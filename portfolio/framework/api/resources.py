"""The qualification framework in the JSON API (read only, any signed-in token)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from portfolio.core.access import SIGNED_IN
from portfolio.errors import NotFoundError
from portfolio.extensions import db
from portfolio.framework import services
from portfolio.framework.api import schemas
from portfolio.framework.models import Unit

blp = Blueprint(
    "api_framework",
    __name__,
    url_prefix="/api/v1/framework",
    description="The qualification's units and assessment criteria",
)


def unit_out(unit: Unit) -> dict[str, Any]:
    """The API shape of a unit."""
    return {
        "id": unit.id,
        "code": unit.code,
        "title": unit.title,
        "summary": unit.summary,
        "criteria": [
            {
                "code": c.code,
                "kind": c.kind,
                "text": c.text,
                "guidance": c.guidance,
                "order_type": c.order_type,
            }
            for c in unit.criteria
        ],
    }


@blp.route("/units")
class Units(MethodView):
    """Every unit with its criteria."""

    _access = SIGNED_IN

    @blp.response(200, schemas.UnitListSchema)
    def get(self) -> dict[str, Any]:
        """Units in code order."""
        return {"items": [unit_out(u) for u in services.list_units(db.session)]}


@blp.route("/units/<int:unit_id>")
class UnitOne(MethodView):
    """One unit."""

    _access = SIGNED_IN

    @blp.response(200, schemas.UnitOutSchema)
    def get(self, unit_id: int) -> dict[str, Any]:
        """The unit and its criteria; 404 when there is no such unit."""
        unit = db.session.get(Unit, unit_id)
        if unit is None:
            raise NotFoundError(f"unit {unit_id}")
        return unit_out(unit)
