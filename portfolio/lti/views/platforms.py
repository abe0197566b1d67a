"""Administrators register the LMS platforms that may launch the tool."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import roles
from portfolio.core.edge import form_error, form_status
from portfolio.core.roles import Role
from portfolio.errors import ValidationError
from portfolio.extensions import db
from portfolio.lti import bp, services
from portfolio.lti.domain import PlatformSpec
from portfolio.lti.domain.platform import split_deployments
from portfolio.lti.forms import ConfirmForm, PlatformForm
from portfolio.lti.views._shared import tool_urls


def _spec(form: PlatformForm) -> PlatformSpec:
    """The form's values as a registration to check."""
    return PlatformSpec(
        name=form.name.data,
        issuer=form.issuer.data,
        client_id=form.client_id.data,
        auth_login_url=form.auth_login_url.data,
        auth_token_url=form.auth_token_url.data,
        key_set_url=form.key_set_url.data,
        deployment_ids=split_deployments(form.deployment_ids.data or ""),
    )


@bp.route("/platforms", methods=["GET", "POST"])
@roles(Role.ADMIN)
def platforms() -> ResponseReturnValue:
    """The registered platforms, the tool's own URLs, and a form to register one."""
    form = PlatformForm()
    if form.validate_on_submit():
        try:
            services.register_platform(db.session, _spec(form), actor=current_user)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash("Platform registered.", "success")
            return redirect(url_for("lti.platforms"))
    page = render_template(
        "lti/platforms.html",
        form=form,
        platforms=services.list_platforms(db.session),
        urls=tool_urls(),
    )
    return page, form_status(form)


@bp.route("/platforms/<int:platform_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def platform_edit(platform_id: int) -> ResponseReturnValue:
    """Change a platform's registration."""
    platform = services.get_platform(db.session, platform_id)
    form = PlatformForm(obj=platform)
    if not form.is_submitted():
        form.deployment_ids.data = platform.deployment_ids
    if form.validate_on_submit():
        try:
            services.update_platform(
                db.session, platform_id, _spec(form), actor=current_user
            )
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash("Platform updated.", "success")
            return redirect(url_for("lti.platforms"))
    page = render_template(
        "lti/platform_edit.html", form=form, platform=platform, remove=ConfirmForm()
    )
    return page, form_status(form)


@bp.post("/platforms/<int:platform_id>/remove")
@roles(Role.ADMIN)
def platform_remove(platform_id: int) -> ResponseReturnValue:
    """Remove a registration: its launches stop working."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_platform(db.session, platform_id, actor=current_user)
    flash("Platform removed.", "success")
    return redirect(url_for("lti.platforms"))
