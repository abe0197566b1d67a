"""The LTI endpoints a platform calls: OIDC login initiation, launch, the tool's JWKS.

Login and launch are exempt from CSRF: the platform's browser form posts them
cross-site, so no token of ours can be in them. Their protection is the LTI
one instead: the state cookie, a single-use nonce stored on the server and the
id_token's signature checked against the platform's registered key set.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin
from pylti1p3.exception import LtiException, OIDCException

from portfolio.auth.models import User
from portfolio.auth.services import accounts
from portfolio.core.access import public
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.extensions import csrf, db
from portfolio.lti import bp, domain, services
from portfolio.lti.models import LtiPlatform
from portfolio.lti.views._shared import (
    DEEP_LINK_SESSION_KEY,
    lti_request,
    public_url,
    refused,
    storage,
    tool_conf,
    tool_key,
)

STAFF_ONLY = "Only instructors can add scenarios to a course."


@bp.route("/login", methods=["GET", "POST"])
@public
@csrf.exempt
def login() -> ResponseReturnValue:
    """OIDC third-party login: send the browser back to the platform to authenticate."""
    services.purge_expired(db.session)
    oidc = FlaskOIDCLogin(lti_request(), tool_conf(), launch_data_storage=storage())
    try:
        return oidc.redirect(public_url("lti.launch"))
    except (OIDCException, LtiException) as exc:
        return refused(f"The login request was refused: {exc}")


def _sign_in(user: User) -> None:
    """Start a fresh portfolio session for the launched user (ending any other)."""
    if current_user.is_authenticated:
        accounts.end_session(db.session, current_user)
    session.clear()
    accounts.start_session(
        db.session,
        user,
        ip=request.remote_addr,
        user_agent=request.headers.get("User-Agent"),
    )
    login_user(user)


def _after_launch(
    message: FlaskMessageLaunch,
    claims: dict[str, Any],
    user: User,
    platform: LtiPlatform,
) -> ResponseReturnValue:
    """Where a signed-in launch goes: deep linking, an activity, or the dashboard."""
    if message.is_deep_link_launch():
        session[DEEP_LINK_SESSION_KEY] = message.get_launch_id()
        return redirect(url_for("lti.deep_link"), 303)
    activity = services.note_activity(db.session, user, platform, claims)
    if activity is not None:
        return redirect(url_for("lti.activity_show", activity_id=activity.id), 303)
    return redirect(url_for("main.dashboard"), 303)


@bp.post("/launch")
@public
@csrf.exempt
def launch() -> ResponseReturnValue:
    """Validate the platform's id_token, sign the person in, go to the activity."""
    message = FlaskMessageLaunch(
        lti_request(), tool_conf(), launch_data_storage=storage()
    )
    try:
        claims = dict(message.get_launch_data())
    except (LtiException, OIDCException) as exc:
        return refused(f"The launch was refused: {exc}")
    try:
        platform = services.platform_for_claims(db.session, claims)
        identity = domain.identity_from_claims(claims)
        if message.is_deep_link_launch() and identity.role != "assessor":
            return refused(STAFF_ONLY, 403)
        user = services.account_for_launch(db.session, platform, identity)
    except (ValidationError, ConflictError, NotFoundError) as exc:
        return refused(f"The launch was refused: {exc}", 403)
    _sign_in(user)
    return _after_launch(message, claims, user, platform)


@bp.get("/jwks.json")
@public
def jwks() -> ResponseReturnValue:
    """The tool's public key set, for checking its deep links and token requests."""
    return jsonify(keys=[tool_key().jwk()])
