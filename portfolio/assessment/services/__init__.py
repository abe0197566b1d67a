"""Assessment use cases (one module per area; the public ones are re-exported)."""

from portfolio.assessment.domain.discussion import DiscussionRecord
from portfolio.assessment.services.achievement import (
    achievement_for,
    achievements_for,
    matrix_decisions,
)
from portfolio.assessment.services.audit_trail import (
    AuditFilters,
    AuditTrail,
    learner_audit,
    recent_activity,
)
from portfolio.assessment.services.caseload import (
    CaseloadRow,
    CaseloadSummary,
    caseload,
    caseload_learner_ids,
    caseload_summary,
)
from portfolio.assessment.services.common import (
    current_lock,
    enrolment_of,
    require_assessor_of,
    require_reader_of,
)
from portfolio.assessment.services.coverage import (
    CoveragePage,
    coverage_for,
    coverage_page,
    coverage_panel,
    item_ref,
)
from portfolio.assessment.services.discussions import (
    check_audio,
    discussions_of,
    load_discussion,
    record_discussion,
)
from portfolio.assessment.services.iqa_dashboard import (
    AssessorSampling,
    sampling_by_assessor,
)
from portfolio.assessment.services.judging import (
    ItemView,
    decision_history,
    item_view,
    judge_item,
)
from portfolio.assessment.services.notifications import (
    mark_all_read,
    notifications_for,
    unread_count,
)
from portfolio.assessment.services.progress import (
    compute_progress,
    current_rules,
    enrolled_batches,
    recompute_progress,
)
from portfolio.assessment.services.progress_sync import progress_for, settle_progress
from portfolio.assessment.services.queue import QueueRow, evidence_queue, queue_rows
from portfolio.assessment.services.sampling import (
    decide_sample,
    load_sample,
    plans,
    sample_queue,
    set_plan,
)
from portfolio.assessment.services.sampling_report import ReportRow, sampling_report
from portfolio.assessment.services.signoff import (
    assessor_sign_off,
    learner_declare,
    pending_for_learner,
    sign_offs_of,
    unlock_portfolio,
)
from portfolio.assessment.services.tasks import Task, task_list

__all__ = [
    "AssessorSampling",
    "AuditFilters",
    "AuditTrail",
    "CaseloadRow",
    "CaseloadSummary",
    "CoveragePage",
    "DiscussionRecord",
    "ItemView",
    "ReportRow",
    "Task",
    "achievement_for",
    "achievements_for",
    "assessor_sign_off",
    "caseload",
    "compute_progress",
    "current_rules",
    "enrolled_batches",
    "progress_for",
    "recompute_progress",
    "settle_progress",
    "caseload_learner_ids",
    "caseload_summary",
    "check_audio",
    "coverage_for",
    "coverage_page",
    "coverage_panel",
    "current_lock",
    "decide_sample",
    "decision_history",
    "discussions_of",
    "enrolment_of",
    "evidence_queue",
    "queue_rows",
    "QueueRow",
    "item_ref",
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
    "recent_activity",
    "record_discussion",
    "require_assessor_of",
    "require_reader_of",
    "sample_queue",
    "sampling_by_assessor",
    "sampling_report",
    "set_plan",
    "sign_offs_of",
    "task_list",
    "unlock_portfolio",
    "unread_count",
]
