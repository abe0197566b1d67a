"""Assessment use cases (one module per area; the public ones are re-exported)."""

from portfolio.assessment.services.achievement import (
    achievement_for,
    achievements_for,
    matrix_decisions,
)
from portfolio.assessment.services.caseload import CaseloadRow, caseload, evidence_queue
from portfolio.assessment.services.common import current_lock, enrolment_of
from portfolio.assessment.services.discussions import (
    DiscussionRecord,
    check_audio,
    discussions_of,
    load_discussion,
    record_discussion,
)
from portfolio.assessment.services.judging import (
    ItemView,
    decision_history,
    item_view,
    judge_item,
)
from portfolio.assessment.services.sampling import (
    decide_sample,
    load_sample,
    plans,
    sample_queue,
    sampling_report,
    set_plan,
)
from portfolio.assessment.services.signoff import (
    assessor_sign_off,
    learner_declare,
    pending_for_learner,
    sign_offs_of,
    unlock_portfolio,
)
from portfolio.assessment.services.tasks import (
    learner_audit,
    mark_all_read,
    notifications_for,
    task_list,
    unread_count,
)

__all__ = [
    "CaseloadRow",
    "DiscussionRecord",
    "ItemView",
    "achievement_for",
    "achievements_for",
    "assessor_sign_off",
    "caseload",
    "check_audio",
    "current_lock",
    "decide_sample",
    "decision_history",
    "discussions_of",
    "enrolment_of",
    "evidence_queue",
    "item_view",
    "judge_item",
    "learner_audit",
    "learner_declare",
    "load_discussion",
    "load_sample",
    "mark_all_read",
    "matrix_decisions",
    "notifications_for",
    "pending_for_learner",
    "plans",
    "record_discussion",
    "sample_queue",
    "sampling_report",
    "set_plan",
    "sign_offs_of",
    "task_list",
    "unlock_portfolio",
    "unread_count",
]
