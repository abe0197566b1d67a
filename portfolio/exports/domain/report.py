"""The plain-data portfolio report: what the PDF templates receive, never ORM rows.

Everything here is a frozen dataclass of strings, numbers, dates, enums and tuples,
so a report can be pickled to a worker process, rendered to HTML for the part
cache and built directly by the benchmark without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from portfolio.evidence.domain.kinds import Kind
from portfolio.exports.domain.matrix import MatrixRow
from portfolio.framework.domain.vocabulary import CriterionKind, OrderType


@dataclass(frozen=True)
class Cover:
    """The cover page: who, what, where and how far."""

    learner_name: str
    learner_email: str
    unit_code: str
    unit_title: str
    centre: str
    assessor_name: str
    supervisor_name: str
    cohort: str
    status: str
    start_date: date | None
    planned_end_date: date | None
    signed_off_at: datetime | None
    exported_at: datetime
    exported_by: str
    unit_reference: str = ""
    qualification_title: str = ""
    qualification_reference: str = ""
    awarding_body: str = ""
    centre_number: str = ""
    uln: str = ""
    registration_number: str = ""
    iqa_name: str = ""


@dataclass(frozen=True)
class Declaration:
    """An authenticity or sign-off declaration and whether it has been made."""

    title: str
    text: str
    signer_name: str
    signer_role: str
    signed_at: datetime | None = None


@dataclass(frozen=True)
class CriterionInfo:
    """One criterion of the unit and whether the portfolio achieves it."""

    code: str
    kind: CriterionKind
    text: str
    order_type: OrderType | None = None
    achieved: bool = False


@dataclass(frozen=True)
class Decision:
    """An assessor's judgement on one criterion for one evidence item."""

    criterion_code: str
    outcome: str  # "met" or "not_yet_met"
    feedback: str
    assessor_name: str
    decided_at: datetime | None = None


@dataclass(frozen=True)
class ItemOutcome:
    """The assessor's accept-or-return decision on the item's current version."""

    outcome: str  # "accept" or "return"
    assessor_name: str
    decided_at: datetime | None
    version: int
    actions: str = ""

    @property
    def label(self) -> str:
        """The outcome in plain English."""
        return "Accepted" if self.outcome == "accept" else "Returned to the learner"


@dataclass(frozen=True)
class StoredFile:
    """An uploaded file; ``path`` is relative to the storage folder."""

    name: str
    media_type: str
    sha256: str
    size: int
    path: str
    # "image" (shown inline), "pdf" (appended), "attached" (embedded), "listed"
    disposition: str = "listed"
    caption: str = ""


@dataclass(frozen=True)
class ScorePoint:
    """The simulator's verdict on one marking point, with its findings."""

    code: str
    met: bool
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SimulatorRecord:
    """A simulator document as the learner produced it, and the run's score.

    ``kind`` is "order_form", "confirmation_email" or "follow_up_record";
    ``data`` is the document's plain data exactly as the simulator stored it.
    """

    run_id: str
    kind: str
    title: str
    data: dict[str, Any]
    score: tuple[ScorePoint, ...] = ()

    @property
    def met(self) -> int:
        """How many scored marking points were met."""
        return sum(p.met for p in self.score)


@dataclass(frozen=True)
class Signature:
    """The signature block of a witness testimony."""

    signer_name: str
    signer_email: str
    signer_role: str
    relationship: str
    signed_at: datetime | None
    content_sha256: str
    verified: bool  # False when the recomputed hash differs: altered after signing


@dataclass(frozen=True)
class Testimony:
    """A witness statement and its signature."""

    statement: str
    witness_name: str
    witness_role: str
    signature: Signature | None


@dataclass(frozen=True)
class QuestionAnswer:
    """A reflection prompt or discussion question and the learner's answer."""

    question: str
    answer: str


@dataclass(frozen=True)
class Reflection:
    """A reflective account: each guided prompt and the learner's answer.

    ``html`` (free text, older reflections) is already sanitised (nh3) by the builder.
    """

    html: str
    answers: tuple[QuestionAnswer, ...] = ()


@dataclass(frozen=True)
class Discussion:
    """A professional discussion recorded by the assessor."""

    held_at: datetime | None
    recorded_by: str
    exchanges: tuple[QuestionAnswer, ...]
    summary: str = ""
    held_on: date | None = None
    duration_minutes: int | None = None
    questions: str = ""  # the assessor's record: questions asked, as written
    answers: str = ""  # and the summary of the learner's answers
    recording: str = ""  # the name of the audio recording, if there is one


@dataclass(frozen=True)
class Observation:
    """An assessor's observation of the learner at work."""

    observed_at: datetime | None
    observer: str
    setting: str
    notes: str


Body = SimulatorRecord | Testimony | Reflection | Discussion | Observation | None


@dataclass(frozen=True)
class Claim:
    """A criterion the item is mapped to, with the learner's one-line justification."""

    code: str
    justification: str


@dataclass(frozen=True)
class EvidenceSection:
    """One evidence item with its mapping, decisions, feedback and files."""

    key: str  # stable id of the item, e.g. "evidence-12"
    ref: str  # the short reference printed in the matrix, e.g. "E12"
    version: int
    kind: Kind
    title: str
    description: str
    status: str
    submitted_at: datetime | None
    criteria: tuple[str, ...]
    decisions: tuple[Decision, ...] = ()
    feedback: tuple[str, ...] = ()
    files: tuple[StoredFile, ...] = ()
    body: Body = None
    sha256: str = ""
    outcome: ItemOutcome | None = None
    claims: tuple[Claim, ...] = ()
    draft: bool = False

    @property
    def kind_label(self) -> str:
        """The kind in plain English, as the evidence pages name it."""
        return self.kind.label

    @property
    def appended_pdfs(self) -> tuple[StoredFile, ...]:
        """Uploaded PDFs whose pages follow this item in the export."""
        return tuple(f for f in self.files if f.disposition == "pdf")


@dataclass(frozen=True)
class SamplingRecord:
    """An IQA sampling decision on an assessor's judgement."""

    sampled_at: datetime | None
    iqa_name: str
    assessor_name: str
    evidence_ref: str
    criterion_code: str
    outcome: str  # "agreed", "sent_back" or "due"
    comment: str
    decided_at: datetime | None = None


@dataclass(frozen=True)
class PortfolioReport:
    """Everything the export prints, as plain data."""

    cover: Cover
    declarations: tuple[Declaration, ...]
    criteria: tuple[CriterionInfo, ...]
    matrix: tuple[MatrixRow, ...]
    evidence: tuple[EvidenceSection, ...]
    sampling: tuple[SamplingRecord, ...] = ()
    notes: tuple[str, ...] = field(default=())
    drafts: bool = (
        False  # drafts included: every page says "Draft — not for assessment"
    )

    @property
    def running_title(self) -> str:
        """The running header: learner and unit."""
        cover = self.cover
        return f"{cover.learner_name} · {cover.unit_code} {cover.unit_title}"
