"""The API shapes of assessment rows (plain dicts the schemas dump)."""

from __future__ import annotations

import json
from typing import Any

from portfolio.assessment.models import (
    ItemDecision,
    ProfessionalDiscussion,
    Sample,
    UnitSignOff,
)
from portfolio.assessment.services import CaseloadRow, ItemView
from portfolio.evidence.models import EvidenceItem


def page(items: list[Any], total: int, number: int, per_page: int) -> dict[str, Any]:
    """The same page envelope as every list in the API."""
    return {"items": items, "total": total, "page": number, "per_page": per_page}


def caseload_row(row: CaseloadRow) -> dict[str, Any]:
    """One learner on the caseload."""
    e = row.enrolment
    return {
        "learner_id": e.learner_id,
        "learner_name": e.learner.display_name,
        "cohort": e.cohort.name if e.cohort else None,
        "achieved": row.plan.met,
        "of": row.plan.total,
        "waiting": row.waiting,
        "last_activity": row.last_activity,
        "days_since": row.days_since,
        "rag": str(row.rag),
        "overdue": row.overdue,
        "oldest_days": row.oldest_days,
    }


def queue_item(item: EvidenceItem) -> dict[str, Any]:
    """A submitted item in the queue."""
    return {
        "id": item.id,
        "learner_id": item.learner_id,
        "learner_name": item.learner.display_name,
        "kind": item.kind,
        "title": item.current.title,
        "version": item.current_number,
        "lock_version": item.version_id,
        "submitted_at": item.current.submitted_at,
        "claims": [c.criterion.code for c in item.current.claims],
    }


def decision(row: ItemDecision) -> dict[str, Any]:
    """One decision with its judgements."""
    return {
        "id": row.id,
        "item_id": row.item_id,
        "version_number": row.version_number,
        "assessor_id": row.assessor_id,
        "outcome": row.outcome,
        "actions": row.actions,
        "created_at": row.created_at,
        "reopened_at": row.reopened_at,
        "sampled": row.sample is not None,
        "judgements": [
            {
                "criterion": j.criterion.code,
                "decision": j.decision,
                "feedback": j.feedback,
                "claimed": j.claimed,
            }
            for j in row.judgements
        ],
    }


def item_decisions(view: ItemView) -> dict[str, Any]:
    """An item with its decision history."""
    item = view.item
    return {
        "id": item.id,
        "learner_id": item.learner_id,
        "status": item.status,
        "version": item.current_number,
        "lock_version": item.version_id,
        "decisions": [decision(d) for d in view.decisions],
    }


def discussion(row: ProfessionalDiscussion) -> dict[str, Any]:
    """A professional discussion record."""
    return {
        "id": row.id,
        "learner_id": row.learner_id,
        "assessor_id": row.assessor_id,
        "held_on": row.held_on,
        "duration_minutes": row.duration_minutes,
        "questions": row.questions,
        "answers": row.answers,
        "criteria": json.loads(row.criteria_codes or "[]"),
        "audio_sha256": row.audio_sha256,
    }


def sign_off(row: UnitSignOff) -> dict[str, Any]:
    """A unit sign-off."""
    return {
        "id": row.id,
        "learner_id": row.learner_id,
        "unit_id": row.unit_id,
        "state": row.state.value,
        "assessor_id": row.assessor_id,
        "assessor_signed_at": row.assessor_signed_at,
        "learner_signed_at": row.learner_signed_at,
        "locked_at": row.locked_at,
        "unlocked_at": row.unlocked_at,
        "unlock_reason": row.unlock_reason,
    }


def sample(row: Sample) -> dict[str, Any]:
    """An IQA sample."""
    return {
        "id": row.id,
        "decision_id": row.decision_id,
        "item_id": row.decision.item_id,
        "learner_id": row.learner_id,
        "assessor_id": row.assessor_id,
        "state": row.state,
        "feedback": row.feedback,
        "selected_at": row.selected_at,
        "decided_at": row.decided_at,
        "lock_version": row.version_id,
    }
