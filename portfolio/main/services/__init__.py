"""Dashboard use cases: the read models of each role's panels, the health check."""

from __future__ import annotations

from portfolio.main.services.dashboard import (
    AdminCounts,
    EnrolmentNames,
    LearnerHome,
    admin_counts,
    enrolments_where,
    learner_home,
    supervised_ids,
)
from portfolio.main.services.health import database_ok
from portfolio.main.services.panels import (
    MISSING,
    AdminPanel,
    LearnerPanel,
    admin_panel,
    learner_panel,
    learners_without,
)

__all__ = [
    "MISSING",
    "AdminPanel",
    "LearnerPanel",
    "admin_panel",
    "learner_panel",
    "learners_without",
    "AdminCounts",
    "admin_counts",
    "database_ok",
    "enrolments_where",
    "EnrolmentNames",
    "LearnerHome",
    "learner_home",
    "supervised_ids",
]
