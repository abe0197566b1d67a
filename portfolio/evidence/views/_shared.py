"""What the evidence pages share: access rules, edge settings, headers, form parsing."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, request, url_for
from flask_login import current_user

from portfolio.core.access import roles
from portfolio.core.headers import private, sandboxed
from portfolio.core.roles import Role
from portfolio.core.scanner import malware_scanner
from portfolio.errors import ValidationError
from portfolio.evidence import forms, services
from portfolio.evidence.domain.files import MEGABYTE, Quota
from portfolio.evidence.domain.personal_data import PiiFinding, describe_findings
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.services.storage import get_storage
from portfolio.evidence.services.uploads import check_upload
from portfolio.extensions import db

LEARNER = roles(Role.LEARNER)
STAFF = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN)
# Staff plus an external quality assurer, for read-only pages (scopes decide whom).
READERS = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN, Role.EQA)
PER_PAGE = 20


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute URL built from PUBLIC_BASE_URL, never from the request's host."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    return base + url_for(endpoint, **values)


def client_ip() -> str | None:
    """The client address as the WSGI server (or trusted proxy fix) reports it."""
    return request.remote_addr


def restricted(response: Response, *, sandbox: bool = False) -> Response:
    """Headers for signing-link pages and, with ``sandbox``, for file downloads."""
    return sandboxed(response, private=True) if sandbox else private(response)


def signing_links() -> services.SigningLinks:
    """How this app issues signing links (secret, lifetime, public URL)."""
    return services.SigningLinks(
        secret_key=current_app.config["SECRET_KEY"],
        days=int(current_app.config["TESTIMONY_LINK_DAYS"]),
        url=lambda token: public_url("evidence.sign_link", token=token),
    )


def upload_limit() -> int:
    """The largest upload in bytes (UPLOAD_MAX_MB)."""
    return int(float(current_app.config["UPLOAD_MAX_MB"]) * MEGABYTE)


def upload_to_store(data: bytes, filename: str | None) -> services.Upload:
    """Check posted bytes and say where they go and under which quota."""
    config = current_app.config
    return services.Upload(
        check_upload(
            data, filename, max_bytes=upload_limit(), scanner=malware_scanner()
        ),
        get_storage(),
        Quota(int(config["UPLOAD_QUOTA_FILES"]), float(config["UPLOAD_QUOTA_MB"])),
    )


def posted_upload(form: forms.UploadForm, *, required: bool) -> services.Upload | None:
    """The posted file, checked (None when optional and absent)."""
    posted = request.files.get(form.file.name)
    if posted is None or not posted.filename:
        if required:
            raise ValidationError("Choose a file to upload.", "file")
        return None
    return upload_to_store(posted.stream.read(upload_limit() + 1), posted.filename)


def details(form: forms.DetailsForm) -> services.Details:
    """The common details from a posted form."""
    return services.Details(
        form.title.data or "",
        form.evidence_date.data,
        form.context.data or "",
        form.order_type.data or None,
    )


def reflection_data(form: forms.ReflectionForm) -> dict[str, Any]:
    """The four prompt answers as structured content."""
    return {key: getattr(form, key).data for key, *_ in forms.REFLECTION_PROMPTS}


def flash_pii(item: EvidenceItem) -> None:
    """Warn when the uploaded text looks like it holds personal data."""
    findings = [PiiFinding(**f) for f in item.current.findings]
    if findings:
        flash(
            f"The document seems to contain {describe_findings(findings)}. "
            "Remove customers' personal data before you submit it.",
            "warning",
        )


def own_item(item_id: int) -> EvidenceItem:
    """The signed-in learner's own item (404 for anyone else's)."""
    item = services.load_item(db.session, item_id, actor=current_user)
    if item.learner_id != current_user.id:
        abort(404)
    return item
