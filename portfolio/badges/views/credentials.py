"""A learner's badges, their download, the public key and public verification."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.badges import bp, services
from portfolio.badges.views._shared import issuer, signer
from portfolio.core.access import public, roles, signed_in
from portfolio.core.edge import flash_failure
from portfolio.core.roles import Role
from portfolio.errors import ConflictError
from portfolio.extensions import csrf, db

VERIFY_MAX = 20000


@bp.app_context_processor
def _badge_nav() -> dict[str, object]:
    """``learner_has_badge()`` for the navigation.

    Queried only when the navigation calls it, only for learners, and at most once
    per request (the answer is kept on ``flask.g``).
    """

    def learner_has_badge() -> bool:
        if not current_user.is_authenticated or not current_user.has_role(Role.LEARNER):
            return False
        cached: bool | None = g.get("learner_has_badge")
        if cached is None:
            cached = services.has_badge(db.session, current_user.id)
            g.learner_has_badge = cached
        return cached

    return {"learner_has_badge": learner_has_badge}


@bp.get("/")
@roles(Role.LEARNER)
def index() -> ResponseReturnValue:
    """The learner's signed-off units and their badges."""
    rows = services.badges_for(db.session, actor=current_user)
    return render_template("badges/index.html", rows=rows)


@bp.post("/sign-offs/<int:sign_off_id>/issue")
@roles(Role.LEARNER)
def issue(sign_off_id: int) -> ResponseReturnValue:
    """Sign the badge of a signed-off unit (once), then download it."""
    try:
        badge = services.issue_credential(
            db.session,
            sign_off_id,
            actor=current_user,
            signer=signer(),
            issuer=issuer(),
        )
    except ConflictError as exc:
        flash_failure(exc)
        return redirect(url_for("badges.index"))
    return redirect(url_for("badges.download", public_id=badge.public_id))


@bp.get("/credentials/<public_id>/badge.jwt")
@signed_in
def download(public_id: str) -> ResponseReturnValue:
    """The signed credential (a VC-JWT) for the learner's wallet."""
    badge = services.load_credential(db.session, public_id, actor=current_user)
    return Response(
        badge.jwt,
        mimetype="application/vc+jwt",
        headers={
            "Content-Disposition": f'attachment; filename="badge-{public_id}.jwt"'
        },
    )


@bp.get("/credentials/<public_id>")
@public
def status(public_id: str) -> ResponseReturnValue:
    """Whether a credential stands (no personal data: the holder has the rest)."""
    result = _check_stored(public_id)
    return jsonify(id=public_id, status=result.status.value, reason=result.reason)


@bp.get("/jwks.json")
@public
def jwks() -> ResponseReturnValue:
    """The centre's public key set, for verifiers."""
    return jsonify(keys=[signer().jwk()])


@bp.post("/verify")
@public
@csrf.exempt
def verify() -> ResponseReturnValue:
    """Check a pasted or posted credential; answers valid, revoked or invalid."""
    body = request.get_json(silent=True) or {}
    token = str(body.get("credential") or request.form.get("credential") or "")
    if not token or len(token) > VERIFY_MAX:
        return jsonify(
            code=422,
            status="Check your input",
            message="Send the credential (a JWT) as credential.",
            errors={"json": {"credential": ["Send the credential (a JWT)."]}},
        ), 422
    result = services.verify_jwt(db.session, token, signer())
    return jsonify(
        status=result.status.value, reason=result.reason, credential=result.credential
    )


def _check_stored(public_id: str) -> services.VerifyResult:
    """The verification of the stored credential with this public id."""
    token = services.stored_jwt(db.session, public_id)
    if token is None:
        abort(404)
    return services.verify_jwt(db.session, token, signer())
