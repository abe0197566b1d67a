"""EQA packs: download one, send a time-limited link, and the link itself."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import public, recent_password
from portfolio.core.edge import flash_failure, form_error, form_status
from portfolio.errors import ConflictError, ValidationError
from portfolio.exports import bp, services
from portfolio.exports.forms import ShareLinkForm
from portfolio.exports.services import packs
from portfolio.exports.views._shared import EXPORTERS, STAFF, zip_response
from portfolio.extensions import db
from portfolio.mail.services.outbox import send_mail


@bp.get("/exports/<public_id>/eqa-pack.zip")
@EXPORTERS
def pack(public_id: str) -> ResponseReturnValue:
    """The export's EQA pack: signed PDF, uploads, simulator JSON, manifest."""
    export = services.get_export(db.session, public_id, actor=current_user)
    try:
        path = packs.build_pack(db.session, export, config=current_app.config)
    except ConflictError as exc:
        flash_failure(exc)
        return redirect(url_for("exports.show", public_id=public_id))
    return zip_response(path, f"eqa-pack-{export.public_id[:8]}.zip")


@bp.post("/exports/<public_id>/share")
@STAFF
@recent_password
def share(public_id: str) -> ResponseReturnValue:
    """Send an EQA a link to the pack that expires by itself."""
    export = services.get_export(db.session, public_id, actor=current_user)
    form = ShareLinkForm()
    if form.validate_on_submit():
        try:
            link, token = packs.create_share_link(
                db.session,
                export,
                actor=current_user,
                email=form.email.data or "",
                days=form.days.data or 0,
                max_days=int(current_app.config.get("EQA_LINK_DAYS", 14)),
            )
        except (ValidationError, ConflictError) as exc:
            form_error(form, exc)
        else:
            url = url_for("exports.shared_pack", token=token, _external=False)
            base = str(current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
            send_mail(
                db.session,
                link.recipient_email,
                "Portfolio evidence pack for external quality assurance",
                f"{current_user.display_name} has shared a portfolio evidence pack "
                f"with you.\n\nDownload it here until "
                f"{link.expires_at:%d %b %Y %H:%M} UTC:\n{base}{url}\n",
            )
            flash(f"Link sent to {link.recipient_email}.", "success")
            return redirect(url_for("exports.show", public_id=public_id))
    page = render_template("exports/show.html", export=export, share_form=form)
    return page, form_status(form)


@bp.get("/eqa/packs/<token>")
@public
def shared_pack(token: str) -> ResponseReturnValue:
    """What an EQA's link opens: the pack, until the link expires (audited)."""
    try:
        link = packs.open_share_link(db.session, token)
    except packs.LinkExpiredError as exc:
        return render_template("exports/link_expired.html", message=str(exc)), 410
    path: Path = packs.build_pack(db.session, link.export, config=current_app.config)
    return zip_response(path, f"eqa-pack-{link.export.public_id[:8]}.zip")
