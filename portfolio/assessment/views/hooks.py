"""Blueprint-wide hooks: the segregation-of-duties page and template globals."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, services
from portfolio.assessment.domain.judging import DECISION_LABELS
from portfolio.assessment.domain.rag import RAG_LABELS, TURNAROUND_DAYS
from portfolio.assessment.domain.sampling import SAMPLE_LABELS
from portfolio.assessment.domain.segregation import SegregationError
from portfolio.assessment.services.iqa_dashboard import SAMPLE_DAYS
from portfolio.extensions import db


@bp.errorhandler(SegregationError)
def _segregation(exc: SegregationError) -> ResponseReturnValue:
    """Segregation-of-duties refusals: a 403 with the reason (the edge rolls back)."""
    page = render_template(
        "errors/error.html", status=403, title="Not allowed", message=str(exc)
    )
    return page, 403


@bp.app_context_processor
def _assessment_globals() -> dict[str, Any]:
    """Helpers for the dashboard panels and the evidence item page."""
    return {
        "assessment_tasks": lambda: services.task_list(db.session, current_user),
        "assessment_history": lambda item_id: services.decision_history(
            db.session, item_id
        ),
        "coverage_panel": lambda: services.coverage_panel(db.session, current_user),
        "DECISION_LABELS": DECISION_LABELS,
        "SAMPLE_LABELS": SAMPLE_LABELS,
        "RAG_LABELS": RAG_LABELS,
        "TURNAROUND_DAYS": TURNAROUND_DAYS,
        "SAMPLE_DAYS": SAMPLE_DAYS,
    }
