"""The witness's side: testimonies addressed to them, signing and declining.

A witness signs through the emailed link (no account needed) or while signed in.
Reading a link never changes anything; only a POST signs or declines.
"""

from __future__ import annotations

import hashlib

from flask import (
    Response,
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

from portfolio.core.access import public, signed_in
from portfolio.core.edge import USER_ERRORS, flash_failure, form_error
from portfolio.evidence import bp, forms, services
from portfolio.evidence.domain.signing import LinkError
from portfolio.evidence.models import Testimony, TestimonyLink
from portfolio.evidence.views._shared import client_ip, restricted, signing_links
from portfolio.extensions import db, limiter


@bp.get("/testimonies")
@signed_in
def witness_list() -> ResponseReturnValue:
    """Testimonies addressed to the signed-in user (a supervisor's inbox)."""
    rows = services.testimonies_for_witness(db.session, actor=current_user)
    return render_template("evidence/witness_list.html", rows=rows)


def _sign_forms(t: Testimony) -> tuple[forms.SignForm, forms.DeclineForm]:
    """The signing form (pre-filled) and the decline form."""
    sign = forms.SignForm(
        data={"statement": t.draft_statement, "job_title": t.witness_job_title}
    )
    return sign, forms.DeclineForm()


def _sign_page(
    t: Testimony,
    sign_form: forms.SignForm,
    decline_form: forms.DeclineForm,
    *,
    via: str,
    status: int = 200,
) -> Response:
    """Render the signing page for one testimony."""
    token = request.view_args.get("token") if request.view_args else None
    page = render_template(
        "evidence/sign.html",
        t=t,
        sign_form=sign_form,
        decline_form=decline_form,
        via=via,
        token=token,
        criteria=services.unit_criteria(db.session, t.item.unit_id),
    )
    return make_response(page, status)


def _origin(via: str, link: TestimonyLink | None) -> services.Origin:
    """Who is signing, from where."""
    user = current_user if current_user.is_authenticated else None
    return services.Origin(
        client_ip(), request.headers.get("User-Agent"), via, user, link
    )


def _do_sign(t: Testimony, via: str, link: TestimonyLink | None) -> Response | None:
    """Validate and sign; a page for errors, or None when signed (LinkError raises)."""
    sign_form, decline_form = forms.SignForm(), forms.DeclineForm()
    if not sign_form.validate_on_submit():
        return _sign_page(t, sign_form, decline_form, via=via, status=400)
    sig = services.Signature(
        sign_form.statement.data or "",
        sign_form.signer_name.data or "",
        sign_form.job_title.data or "",
        bool(sign_form.confirmed.data),
    )
    try:
        services.sign_testimony(db.session, t, sig, origin=_origin(via, link))
    except USER_ERRORS as exc:
        form_error(sign_form, exc)
        return _sign_page(t, sign_form, decline_form, via=via, status=400)
    return None


def _do_decline(t: Testimony, via: str, link: TestimonyLink | None) -> Response | None:
    """Validate and decline; a page for errors, or None when done (LinkError raises)."""
    form = forms.DeclineForm()
    if not form.validate_on_submit():
        sign_form, _ = _sign_forms(t)
        return _sign_page(t, sign_form, form, via=via, status=400)
    services.decline_testimony(
        db.session, t, form.reason.data or "", origin=_origin(via, link)
    )
    return None


def _link_page(template: str, status: int = 200, **context: object) -> Response:
    """A page reached through a signing link: never cached, no referrer."""
    return restricted(make_response(render_template(template, **context), status))


def _limit() -> str:
    """Bad signing-link attempts allowed per client address."""
    return str(current_app.config["SIGN_LINK_RATE_LIMIT"])


def _failed(response: Response) -> bool:
    """Only refused attempts count towards the rate limit."""
    return response.status_code >= 400


def _token_key() -> str:
    """Refused attempts are limited per link too (keyed by a hash, not the token)."""
    token = (request.view_args or {}).get("token", "")
    return "sign-token:" + hashlib.sha256(str(token).encode()).hexdigest()[:32]


def _valid_unused_link() -> bool:
    """A link that still signs is never refused, whatever else came from its address."""
    try:
        token = (request.view_args or {}).get("token", "")
        services.resolve_link(db.session, token, links=signing_links())
    except LinkError:
        return False
    return True


@bp.route("/sign/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_limit, deduct_when=_failed, exempt_when=_valid_unused_link)
@limiter.limit(
    _limit, key_func=_token_key, deduct_when=_failed, exempt_when=_valid_unused_link
)
def sign_link(token: str) -> ResponseReturnValue:
    """The emailed link: GET shows the testimony; only POST signs it."""
    try:
        link = services.resolve_link(db.session, token, links=signing_links())
        if request.method == "POST":
            error = _do_sign(link.testimony, "link", link)
            if error is not None:
                return restricted(error)
            return _link_page("evidence/sign_done.html", t=link.testimony)
        sign_form, decline_form = _sign_forms(link.testimony)
        page = _sign_page(link.testimony, sign_form, decline_form, via="link")
        return restricted(page)
    except LinkError as exc:
        return _link_page("evidence/sign_error.html", exc.status, message=str(exc))


@bp.post("/sign/<token>/decline")
@public
@limiter.limit(_limit, deduct_when=_failed, exempt_when=_valid_unused_link)
@limiter.limit(
    _limit, key_func=_token_key, deduct_when=_failed, exempt_when=_valid_unused_link
)
def decline_link(token: str) -> ResponseReturnValue:
    """Decline through the emailed link, with a reason."""
    try:
        link = services.resolve_link(db.session, token, links=signing_links())
        error = _do_decline(link.testimony, "link", link)
        if error is not None:
            return restricted(error)
        return _link_page("evidence/sign_done.html", t=link.testimony)
    except LinkError as exc:
        return _link_page("evidence/sign_error.html", exc.status, message=str(exc))


@bp.route("/testimonies/<int:testimony_id>/sign", methods=["GET", "POST"])
@signed_in
def sign_in_app(testimony_id: int) -> ResponseReturnValue:
    """The addressee signs while signed in (or reads what they signed)."""
    t = services.testimony_for_addressee(db.session, testimony_id, actor=current_user)
    if request.method == "GET":
        sign_form, decline_form = _sign_forms(t)
        return _sign_page(t, sign_form, decline_form, via="app")
    try:
        error = _do_sign(t, "app", None)
    except LinkError as exc:
        flash_failure(exc)
        return redirect(url_for("evidence.sign_in_app", testimony_id=t.id))
    if error is not None:
        return error
    flash("Testimony signed. Thank you.", "success")
    return redirect(url_for("evidence.sign_in_app", testimony_id=t.id))


@bp.post("/testimonies/<int:testimony_id>/decline")
@signed_in
def decline_in_app(testimony_id: int) -> ResponseReturnValue:
    """The addressee declines while signed in."""
    t = services.testimony_for_addressee(db.session, testimony_id, actor=current_user)
    try:
        error = _do_decline(t, "app", None)
    except LinkError as exc:
        flash_failure(exc)
        return redirect(url_for("evidence.sign_in_app", testimony_id=t.id))
    if error is not None:
        return error
    flash("You declined the request. The learner has been told.", "success")
    return redirect(url_for("evidence.witness_list"))
