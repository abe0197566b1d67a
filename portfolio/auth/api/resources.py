"""API endpoints that belong to no single feature (who am I)."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from portfolio.core.access import SIGNED_IN

blp = Blueprint(
    "api_account",
    __name__,
    url_prefix="/api/v1",
    description="The account behind the token",
)


class MeSchema(Schema):
    """The authenticated user."""

    id = fields.Int()
    email = fields.Str()
    display_name = fields.Str()
    roles = fields.List(fields.Str())


@blp.route("/me")
class Me(MethodView):
    """The account the bearer token belongs to."""

    _access = SIGNED_IN

    @blp.response(200, MeSchema)
    def get(self) -> dict[str, object]:
        """Return the token owner's id, email, name and roles."""
        return {
            "id": current_user.id,
            "email": current_user.email,
            "display_name": current_user.display_name,
            "roles": sorted(r.value for r in current_user.roles),
        }
