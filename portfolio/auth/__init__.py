"""Accounts: sign in, sign out, change password, API tokens, scopes."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.app_context_processor
def _role_globals() -> dict[str, object]:
    """Roles and their labels for every template."""
    from portfolio.core.roles import ROLE_LABELS, Role

    return {"Role": Role, "ROLE_LABELS": ROLE_LABELS}
