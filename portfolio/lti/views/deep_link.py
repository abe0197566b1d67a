"""Deep linking: an instructor picks scenarios; the signed answer goes to the course."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import abort, make_response, render_template, session
from flask.typing import ResponseReturnValue
from flask_login import current_user
from pylti1p3.contrib.flask import FlaskMessageLaunch
from pylti1p3.exception import LtiException
from sqlalchemy import select

from portfolio.core.access import roles
from portfolio.core.edge import form_error, form_status
from portfolio.core.headers import CSP
from portfolio.core.roles import Role
from portfolio.errors import ValidationError
from portfolio.extensions import db
from portfolio.lti import bp, domain, services
from portfolio.lti.forms import DeepLinkForm
from portfolio.lti.models import LtiAccount
from portfolio.lti.views._shared import (
    DEEP_LINK_SESSION_KEY,
    lti_request,
    public_url,
    storage,
    tool_conf,
)

DEEP_LINKING_SETTINGS = (
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
)


def _own_launch() -> FlaskMessageLaunch:
    """The deep-linking launch this browser made, if it is the signed-in user's."""
    launch_id = session.get(DEEP_LINK_SESSION_KEY)
    if not launch_id:
        abort(404)
    try:
        message = FlaskMessageLaunch.from_cache(
            launch_id, lti_request(), tool_conf(), launch_data_storage=storage()
        )
    except LtiException:
        abort(404)
    claims = message.get_launch_data()
    platform = services.platform_for_claims(db.session, claims)
    owner = db.session.scalars(
        select(LtiAccount.user_id).where(
            LtiAccount.platform_id == platform.id,
            LtiAccount.subject == claims.get("sub"),
        )
    ).first()
    if owner != current_user.id or not message.is_deep_link_launch():
        abort(404)
    return message  # type: ignore[return-value]  # from_cache builds the subclass


def _return_page(return_url: str, token: str) -> ResponseReturnValue:
    """The page that posts the signed answer to the platform (it allows that form)."""
    parts = urlsplit(return_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    resp = make_response(
        render_template("lti/deep_link_return.html", return_url=return_url, token=token)
    )
    resp.headers["Content-Security-Policy"] = CSP.replace(
        "form-action 'self'", f"form-action 'self' {origin}"
    )
    return resp


@bp.route("/deep-link", methods=["GET", "POST"])
@roles(Role.ASSESSOR)
def deep_link() -> ResponseReturnValue:
    """Choose the scenarios to add; answer the platform with a signed JWT."""
    message = _own_launch()
    form = DeepLinkForm()
    if form.validate_on_submit():
        chosen = [a for a in map(domain.find_activity, form.activities.data) if a]
        try:
            token = services.response_jwt(
                message.get_deep_link(), chosen, public_url("lti.launch")
            )
        except (ValidationError, LtiException) as exc:
            form_error(form, ValidationError(str(exc), "activities"))
        else:
            session.pop(DEEP_LINK_SESSION_KEY, None)
            claims: dict[str, Any] = dict(message.get_launch_data())
            return_url = claims[DEEP_LINKING_SETTINGS]["deep_link_return_url"]
            return _return_page(str(return_url), token)
    page = render_template("lti/deep_link.html", form=form)
    return page, form_status(form)
