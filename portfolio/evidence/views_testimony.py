"""Witness testimony pages: request, resend, cancel, and signing (link or in-app)."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portfolio.core.access import public, signed_in
from portfolio.evidence import bp, forms, services
from portfolio.evidence.signing import LinkError
from portfolio.evidence.views import LEARNER, _status
from portfolio.evidence.web import (
    USER_ERRORS,
    client_ip,
    form_error,
    public_url,
    token_page_headers,
)
from portfolio.extensions import db, limiter
from portfolio.mail.services import deliver_queued


def _link_url(token: str) -> str:
    """The emailed signing URL for ``token``."""
    return public_url("evidence.sign_link", token=token)


def _deliver() -> None:
    """Send queued mail after the commit (a no-op without SMTP)."""
    deliver_queued(db.session, current_app.config)
    db.session.commit()


def _request_data(form: forms.TestimonyRequestForm) -> services.TestimonyRequest:
    """The request as the service takes it."""
    return services.TestimonyRequest(
        form.witness_name.data,
        form.witness_email.data,
        form.witness_job_title.data,
        form.relationship.data,
        form.witnessed.data,
        form.date_from.data,
        form.date_to.data,
        tuple(form.criteria.data or ()),
        form.draft_statement.data or "",
        form.order_type.data or None,
    )


@bp.route("/testimonies/new", methods=["GET", "POST"])
@LEARNER
def testimony_new() -> ResponseReturnValue:
    """Ask a workplace witness for a testimony."""
    form = forms.TestimonyRequestForm()
    criteria = services.default_criteria(db.session)
    form.criteria.choices = [(c.code, f"{c.code}: {c.text}") for c in criteria]
    if form.validate_on_submit():
        try:
            item = services.request_testimony(
                db.session,
                _request_data(form),
                actor=current_user,
                link_url=_link_url,
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            _deliver()
            flash(f"Request sent to {form.witness_email.data}.", "success")
            return redirect(url_for("evidence.item", item_id=item.id))
    return render_template("evidence/testimony_request.html", form=form), _status(form)


def _learner_action(item_id: int, action: str) -> ResponseReturnValue:
    """Resend or cancel an unsigned request, then go back to the item."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    try:
        if action == "resend":
            services.resend_request(
                db.session, item_id, actor=current_user, link_url=_link_url
            )
        else:
            services.cancel_request(db.session, item_id, actor=current_user)
    except USER_ERRORS as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        _deliver()
        flash(
            "A new link was sent; older links no longer work."
            if action == "resend"
            else "Request cancelled.",
            "success",
        )
    return redirect(url_for("evidence.item", item_id=item_id))


@bp.post("/<int:item_id>/testimony/resend")
@LEARNER
def testimony_resend(item_id: int) -> ResponseReturnValue:
    """Email the witness a fresh link (older links stop working)."""
    return _learner_action(item_id, "resend")


@bp.post("/<int:item_id>/testimony/cancel")
@LEARNER
def testimony_cancel(item_id: int) -> ResponseReturnValue:
    """Cancel an unsigned request."""
    return _learner_action(item_id, "cancel")


@bp.get("/testimonies")
@signed_in
def witness_list() -> ResponseReturnValue:
    """Testimonies addressed to the signed-in user (a supervisor's inbox)."""
    rows = services.testimonies_for_witness(db.session, actor=current_user)
    return render_template("evidence/witness_list.html", rows=rows)


def _sign_forms(t):  # type: ignore[no-untyped-def]
    """The signing form (pre-filled) and the decline form."""
    sign = forms.SignForm(
        data={"statement": t.draft_statement, "job_title": t.witness_job_title}
    )
    return sign, forms.DeclineForm()


def _sign_page(
    t, sign_form, decline_form, *, via: str, token: str | None = None, status: int = 200
) -> ResponseReturnValue:  # type: ignore[no-untyped-def]
    """Render the signing page for one testimony."""
    return render_template(
        "evidence/sign.html",
        t=t,
        sign_form=sign_form,
        decline_form=decline_form,
        via=via,
        token=token,
        criteria=services.unit_criteria(db.session, t.item.unit_id),
    ), status


def _origin(via: str, link=None) -> services.Origin:  # type: ignore[no-untyped-def]
    """Who is signing, from where."""
    user = current_user if current_user.is_authenticated else None
    return services.Origin(
        client_ip(), request.headers.get("User-Agent"), via, user, link
    )


def _do_sign(t, via: str, link=None):  # type: ignore[no-untyped-def]
    """Validate and sign; return a response for errors or None when signed."""
    sign_form, decline_form = forms.SignForm(), forms.DeclineForm()
    token = request.view_args.get("token") if request.view_args else None
    if not sign_form.validate_on_submit():
        return _sign_page(t, sign_form, decline_form, via=via, token=token, status=400)
    sig = services.Signature(
        sign_form.statement.data,
        sign_form.signer_name.data,
        sign_form.job_title.data,
        sign_form.confirmed.data,
    )
    try:
        services.sign_testimony(db.session, t, sig, origin=_origin(via, link))
        db.session.commit()
        _deliver()
    except StaleDataError:
        db.session.rollback()
        raise LinkError(
            "Someone else changed this testimony. Reload it.", 409
        ) from None
    except LinkError:
        raise
    except USER_ERRORS as exc:
        form_error(sign_form, exc)
        return _sign_page(t, sign_form, decline_form, via=via, token=token, status=400)
    return None


def _do_decline(t, via: str, link=None):  # type: ignore[no-untyped-def]
    """Validate and decline; return a response for errors or None when done."""
    form = forms.DeclineForm()
    token = request.view_args.get("token") if request.view_args else None
    if not form.validate_on_submit():
        sign_form, _ = _sign_forms(t)
        return _sign_page(t, sign_form, form, via=via, token=token, status=400)
    try:
        services.decline_testimony(
            db.session, t, form.reason.data, origin=_origin(via, link)
        )
        db.session.commit()
        _deliver()
    except StaleDataError:
        db.session.rollback()
        raise LinkError(
            "Someone else changed this testimony. Reload it.", 409
        ) from None
    return None


def _link_error(exc: LinkError) -> ResponseReturnValue:
    """The page shown for an unusable signing link."""
    db.session.rollback()
    resp = make_response(
        render_template("evidence/sign_error.html", message=str(exc)), exc.status
    )
    return token_page_headers(resp)


def _limit() -> str:
    """Bad signing-link attempts allowed per client address."""
    return current_app.config["SIGN_LINK_RATE_LIMIT"]


def _failed(response) -> bool:  # type: ignore[no-untyped-def]
    """Only refused attempts count towards the rate limit."""
    return response.status_code >= 400


@bp.route("/sign/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_limit, deduct_when=_failed)
def sign_link(token: str) -> ResponseReturnValue:
    """The emailed link: GET shows the testimony; only POST signs it."""
    try:
        link = services.resolve_link(db.session, token)
        if request.method == "POST":
            error = _do_sign(link.testimony, "link", link)
            if error is not None:
                return token_page_headers(make_response(error))
            done = render_template("evidence/sign_done.html", t=link.testimony)
            return token_page_headers(make_response(done))
        sign_form, decline_form = _sign_forms(link.testimony)
        page = _sign_page(
            link.testimony, sign_form, decline_form, via="link", token=token
        )
        return token_page_headers(make_response(page))
    except LinkError as exc:
        return _link_error(exc)


@bp.post("/sign/<token>/decline")
@public
@limiter.limit(_limit, deduct_when=_failed)
def decline_link(token: str) -> ResponseReturnValue:
    """Decline through the emailed link, with a reason."""
    try:
        link = services.resolve_link(db.session, token)
        error = _do_decline(link.testimony, "link", link)
        if error is not None:
            return token_page_headers(make_response(error))
        done = render_template("evidence/sign_done.html", t=link.testimony)
        return token_page_headers(make_response(done))
    except LinkError as exc:
        return _link_error(exc)


@bp.route("/testimonies/<int:testimony_id>/sign", methods=["GET", "POST"])
@signed_in
def sign_in_app(testimony_id: int) -> ResponseReturnValue:
    """The addressee signs while signed in (or reads what they signed)."""
    t = services.testimony_for_addressee(db.session, testimony_id, actor=current_user)
    if request.method == "POST":
        try:
            error = _do_sign(t, "app")
        except LinkError as exc:
            flash(str(exc), "error")
            return redirect(url_for("evidence.sign_in_app", testimony_id=t.id))
        if error is not None:
            return error
        flash("Testimony signed. Thank you.", "success")
        return redirect(url_for("evidence.sign_in_app", testimony_id=t.id))
    sign_form, decline_form = _sign_forms(t)
    return _sign_page(t, sign_form, decline_form, via="app")


@bp.post("/testimonies/<int:testimony_id>/decline")
@signed_in
def decline_in_app(testimony_id: int) -> ResponseReturnValue:
    """The addressee declines while signed in."""
    t = services.testimony_for_addressee(db.session, testimony_id, actor=current_user)
    try:
        error = _do_decline(t, "app")
    except LinkError as exc:
        flash(str(exc), "error")
        return redirect(url_for("evidence.sign_in_app", testimony_id=t.id))
    if error is not None:
        return error
    flash("You declined the request. The learner has been told.", "success")
    return redirect(url_for("evidence.witness_list"))
