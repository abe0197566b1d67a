"""Task lists: what each of the signed-in user's roles has waiting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from portfolio.assessment.domain.sampling import SampleState
from portfolio.assessment.models import Sample
from portfolio.assessment.services.queue import evidence_queue
from portfolio.auth.models import User
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.evidence.domain.signing import TestimonyState
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem, Testimony


@dataclass(frozen=True)
class Task:
    """One line of a task list: what, how many, and where to do it."""

    label: str
    count: int
    endpoint: str
    args: tuple[tuple[str, Any], ...] = ()


def _assessor_tasks(session: Session, user: User) -> list[Task]:
    """Submitted evidence across the caseload."""
    _items, waiting = evidence_queue(session, actor=user, per_page=1)
    return [Task("Evidence to judge", waiting, "assessment.queue")]


def _iqa_tasks(session: Session, user: User) -> list[Task]:
    """Samples due that are not the user's own decisions."""
    due = session.scalar(
        select(func.count(Sample.id)).where(
            Sample.state == SampleState.DUE, Sample.assessor_id != user.id
        )
    )
    return [Task("Samples due", due or 0, "assessment.samples")]


def _learner_tasks(session: Session, user: User) -> list[Task]:
    """Returned evidence, and drafts whose testimony the witness answered."""
    returned = session.scalar(
        select(func.count(EvidenceItem.id)).where(
            EvidenceItem.learner_id == user.id,
            EvidenceItem.status == Status.RETURNED,
        )
    )
    replies = session.scalar(
        select(func.count(func.distinct(EvidenceItem.id)))
        .join(Testimony, EvidenceItem.id == Testimony.item_id)
        .where(
            EvidenceItem.learner_id == user.id,
            Testimony.state.in_((TestimonyState.SIGNED, TestimonyState.DECLINED)),
            EvidenceItem.status == Status.DRAFT,
        )
    )
    return [
        Task(
            "Returned evidence to act on",
            returned or 0,
            "evidence.index",
            (("status", Status.RETURNED.value),),
        ),
        Task(
            "Testimony replies to submit or follow up",
            replies or 0,
            "evidence.index",
            (("status", Status.DRAFT.value), ("testimony", "replied")),
        ),
    ]


def _supervisor_tasks(session: Session, user: User) -> list[Task]:
    """Testimonies addressed to the user that wait for a signature."""
    awaiting = session.scalar(
        select(func.count(Testimony.id)).where(
            func.lower(Testimony.witness_email) == user.email.lower(),
            Testimony.state == "awaiting",
        )
    )
    return [Task("Testimonies to sign", awaiting or 0, "evidence.witness_list")]


def task_list(session: Session, user: User) -> list[Task]:
    """The signed-in user's tasks for every role they hold."""
    tasks: list[Task] = []
    if user.has_role(Role.ASSESSOR):
        tasks += _assessor_tasks(session, user)
    if user.has_role(Role.IQA):
        tasks += _iqa_tasks(session, user)
    if user.has_role(Role.LEARNER):
        tasks += _learner_tasks(session, user)
    if user.has_role(Role.SUPERVISOR):
        tasks += _supervisor_tasks(session, user)
    return tasks
