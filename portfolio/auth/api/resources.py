"""API endpoints about the account itself: who am I, and its scoped tokens."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from portfolio.auth.domain.tokens import TokenScope
from portfolio.auth.models import ApiToken
from portfolio.auth.services import tokens
from portfolio.core.access import SIGNED_IN
from portfolio.core.api_fields import UtcDateTime
from portfolio.extensions import db

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


class TokenInSchema(Schema):
    """A new scoped token."""

    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    scope = fields.Str(
        load_default=TokenScope.READ_WRITE.value,
        validate=validate.OneOf([s.value for s in TokenScope]),
    )
    expires_in_days = fields.Int(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=366)
    )


class TokenOutSchema(Schema):
    """A token's metadata (the plain value only once, when it is created)."""

    id = fields.Int()
    name = fields.Str()
    prefix = fields.Str()
    scope = fields.Str()
    created_at = UtcDateTime()
    expires_at = UtcDateTime(allow_none=True)
    token = fields.Str()


class TokenListSchema(Schema):
    """The caller's live tokens."""

    items = fields.List(fields.Nested(TokenOutSchema))


def _token_out(row: ApiToken, plain: str | None = None) -> dict[str, object]:
    """The API shape of a token."""
    out: dict[str, object] = {
        "id": row.id,
        "name": row.name,
        "prefix": row.prefix,
        "scope": row.scope,
        "created_at": row.created_at,
        "expires_at": row.expires_at,
    }
    if plain is not None:
        out["token"] = plain
    return out


@blp.route("/tokens")
class Tokens(MethodView):
    """The caller's API tokens: list them, or create a scoped one."""

    _access = SIGNED_IN

    @blp.response(200, TokenListSchema)
    def get(self) -> dict[str, object]:
        """Live tokens, newest first."""
        rows = tokens.list_tokens(db.session, current_user)
        return {"items": [_token_out(r) for r in rows]}

    @blp.arguments(TokenInSchema)
    @blp.response(201, TokenOutSchema)
    def post(self, args: dict[str, Any]) -> dict[str, object]:
        """Create a read-only or read and write token, optionally expiring."""
        row, plain = tokens.create_token(
            db.session,
            current_user,
            args["name"],
            scope=args["scope"],
            expires_in_days=args["expires_in_days"],
        )
        return _token_out(row, plain)


@blp.route("/tokens/<int:token_id>")
class TokenOne(MethodView):
    """One of the caller's tokens."""

    _access = SIGNED_IN

    @blp.response(204)
    def delete(self, token_id: int) -> None:
        """Revoke it; another person's token is a 404."""
        tokens.revoke_token(db.session, current_user, token_id)
