"""Accounts: list, create, edit roles, deactivate, sign out."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.admin import bp, services
from portfolio.admin.forms import (
    EndSessionsForm,
    MfaResetForm,
    UserCreateForm,
    UserEditForm,
)
from portfolio.admin.views._shared import ADMIN
from portfolio.auth.services import accounts
from portfolio.auth.services import mfa as mfa_services
from portfolio.core.access import recent_password
from portfolio.core.edge import flash_failure, form_error
from portfolio.core.pagination import Page, page_arg
from portfolio.core.roles import Role
from portfolio.errors import ConflictError, ValidationError
from portfolio.extensions import db


@bp.get("/users")
@ADMIN
def users() -> ResponseReturnValue:
    """All accounts, paginated, filterable by role."""
    role = request.args.get("role")
    role = role if role in {r.value for r in Role} else None
    rows, total = services.list_users(db.session, page=page_arg(), role=role)
    page = Page(rows, page_arg(), 25, total)
    return render_template("admin/users.html", page=page, role=role)


@bp.route("/users/new", methods=["GET", "POST"])
@ADMIN
@recent_password
def user_new() -> ResponseReturnValue:
    """Create an account."""
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                db.session,
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
                roles=form.roles.data,
                actor=current_user,
                job_title=form.job_title.data or None,
                centre=current_app.config["CENTRE_NAME"],
            )
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(f"Account created for {user.display_name}.", "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_new.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@ADMIN
@recent_password
def user_edit(user_id: int) -> ResponseReturnValue:
    """Change roles or deactivate an account."""
    user = accounts.get_user(db.session, user_id)
    form = UserEditForm(
        obj=None if request.method == "POST" else user,
        data={"roles": [r.value for r in user.roles], "active": user.active},
    )
    if form.validate_on_submit():
        try:
            if set(form.roles.data) != {r.value for r in user.roles}:
                accounts.set_roles(
                    db.session, user, form.roles.data, actor=current_user
                )
            if form.active.data != user.active:
                accounts.set_active(
                    db.session, user, form.active.data, actor=current_user
                )
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash("Account updated.", "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    enrolment = (
        services.find_enrolment(db.session, user)
        if user.has_role(Role.LEARNER)
        else None
    )
    return render_template(
        "admin/user_edit.html",
        user=user,
        form=form,
        enrolment=enrolment,
        end_form=EndSessionsForm(),
        mfa_form=MfaResetForm(),
        mfa_enrolled=mfa_services.is_enrolled(user),
    )


@bp.post("/users/<int:user_id>/sessions/end")
@ADMIN
@recent_password
def user_end_sessions(user_id: int) -> ResponseReturnValue:
    """Sign a user out of every browser."""
    user = accounts.get_user(db.session, user_id)
    if EndSessionsForm().validate_on_submit():
        ended = accounts.end_all_sessions(db.session, user, actor=current_user)
        flash(f"Signed {user.display_name} out of {ended} session(s).", "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/mfa/reset")
@ADMIN
@recent_password
def user_reset_mfa(user_id: int) -> ResponseReturnValue:
    """Remove a user's authenticator so they can set up a new one (a lost phone)."""
    user = accounts.get_user(db.session, user_id)
    if MfaResetForm().validate_on_submit():
        try:
            mfa_services.reset_by_admin(db.session, user, actor=current_user)
        except ConflictError as exc:
            flash_failure(exc)
        else:
            flash(
                f"Two-step sign-in removed for {user.display_name}; they were signed "
                "out and will set it up again at their next sign-in.",
                "success",
            )
    return redirect(url_for("admin.user_edit", user_id=user.id))
