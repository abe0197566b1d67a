"""Downloading a version's file: authorised, as an attachment, sandboxed."""

from __future__ import annotations

import io

from flask import abort, send_file
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import signed_in
from portfolio.evidence import bp, services
from portfolio.evidence.services.storage import get_storage
from portfolio.evidence.views._shared import restricted
from portfolio.extensions import db


@bp.get("/<int:item_id>/versions/<int:number>/file")
@signed_in
def file(item_id: int, number: int) -> ResponseReturnValue:
    """Download a version's file: authorised, as an attachment, sandboxed."""
    item = services.load_item(db.session, item_id, actor=current_user)
    version = next((v for v in item.versions if v.number == number), None)
    if version is None or not version.file_sha256:
        abort(404)
    name = "".join(ch for ch in version.file_name or "evidence" if ch.isprintable())
    with get_storage().open(version.file_sha256) as handle:
        data = io.BytesIO(handle.read())  # bounded by UPLOAD_MAX_MB
    response = send_file(
        data,
        mimetype=version.media_type,
        as_attachment=True,
        download_name=name or "evidence",
    )
    return restricted(response, sandbox=True)
