"""What the assessment pages share: who may use them, paging, app settings."""

from __future__ import annotations

from flask import current_app, url_for

from portfolio.assessment.services.eqa_links import LinkKeys
from portfolio.core.access import roles
from portfolio.core.roles import Role

ASSESSOR = roles(Role.ASSESSOR)
STAFF = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN)
# Read-only pages an external quality assurer may open for the learners granted.
READERS = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN, Role.EQA)
EQA = roles(Role.EQA)
IQA = roles(Role.IQA, Role.ADMIN)
LEARNER = roles(Role.LEARNER)
PER_PAGE = 25


def base_url() -> str:
    """The public address that links in notification mail start with."""
    return str(current_app.config.get("PUBLIC_BASE_URL") or "")


def eqa_link_keys() -> LinkKeys:
    """How EQA links are signed and addressed in this app."""
    base = base_url()
    return LinkKeys(
        current_app.config["SECRET_KEY"],
        lambda token: base + url_for("assessment.eqa_open", token=token),
    )


def upload_limit() -> int:
    """The largest upload accepted, in bytes."""
    return int(float(current_app.config["UPLOAD_MAX_MB"]) * 1024 * 1024)
