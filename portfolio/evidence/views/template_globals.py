"""What every template gets from evidence: labels, the Markdown filter, panels."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from markupsafe import Markup

from portfolio.evidence import bp, services
from portfolio.evidence.domain.kinds import ITEM_KINDS, Context, Kind
from portfolio.evidence.domain.signing import DECLARATION, TestimonyState
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.services.panels import panel_data
from portfolio.evidence.services.rendering import render_markdown
from portfolio.extensions import db
from portfolio.framework.domain.vocabulary import OrderType


@bp.app_template_filter("markdown")
def _markdown(text: str | None) -> Markup:
    """Template filter: sanitised Markdown."""
    return render_markdown(text)


@bp.app_context_processor
def _evidence_globals() -> dict[str, Any]:
    """Enums, labels and the tamper check for every template (panels use them too)."""
    return {
        "EvidenceKind": Kind,
        "EvidenceStatus": Status,
        "TestimonyState": TestimonyState,
        "EVIDENCE_KINDS": {k: k.label for k in ITEM_KINDS},
        "EVIDENCE_STATUSES": {s: s.label for s in Status},
        "ORDER_TYPES": {t: t.label for t in OrderType},
        "CONTEXTS": {c: c.label for c in Context},
        "is_tampered": services.is_tampered,
        "DECLARATION": DECLARATION,
        "evidence_panel_data": _panel_data,
    }


def _panel_data() -> dict[str, Any]:
    """Numbers for the dashboard panels of the signed-in user."""
    return panel_data(db.session, current_user)
