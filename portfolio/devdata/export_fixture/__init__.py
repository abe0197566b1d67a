"""Generated, realistic portfolio reports for benchmarks, tests and previews.

Faker-seeded text, one table per item (order lines, a follow-up log or decisions),
some images and uploaded PDFs written into a storage folder, as a real portfolio.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from faker import Faker

from portfolio.devdata.export_fixture.documents import (
    pdf,
    png,
    simulator_record,
    stored,
)
from portfolio.evidence.domain.kinds import Kind
from portfolio.exports.domain import report as r
from portfolio.exports.domain.matrix import MatrixEntry, MatrixRow
from portfolio.framework.domain.vocabulary import CriterionKind, OrderType

MP, K, R = CriterionKind.MARKING_POINT, CriterionKind.KNOWLEDGE, CriterionKind.RANGE
CRITERIA: list[tuple[str, CriterionKind, str, OrderType | None]] = [
    ("MP1", MP, "Accurate entry of customer and order details", None),
    ("MP2", MP, "Confirms order details with the customer", None),
    ("MP3", MP, "Clear documentation of issues during follow-up", None),
    ("MP4", MP, "Follows organisational procedures and approvals", None),
    ("K1", K, "The sales process and consultative selling", None),
    ("K2", K, "Customer relationship management and CRM tools", None),
    ("K3", K, "Product knowledge: features, benefits, USPs", None),
    ("K4", K, "Sales targets and KPIs", None),
    ("R1", R, "Standard order", OrderType.STANDARD),
    ("R2", R, "Bespoke order", OrderType.BESPOKE),
    ("R3", R, "Urgent order", OrderType.URGENT),
]
KINDS = [
    Kind.WORK_PRODUCT,
    Kind.SIMULATOR_RECORD,
    Kind.WITNESS_TESTIMONY,
    Kind.REFLECTION,
    Kind.PROFESSIONAL_DISCUSSION,
    Kind.OBSERVATION,
]
COVER = r.Cover(
    learner_name="Jordan Avery",
    learner_email="learner@example.com",
    unit_code="HSO",
    unit_title="Handle sales orders",
    centre="Northgate Training Centre",
    assessor_name="Alex Assessor",
    supervisor_name="Sam Supervisor",
    cohort="Sales Administration, January 2026",
    status="In progress",
    start_date=date(2026, 1, 12),
    planned_end_date=date(2027, 1, 29),
    signed_off_at=None,
    exported_at=datetime(2026, 11, 29, 10, 0, tzinfo=UTC),
    exported_by="Alex Assessor",
)
DECLARATIONS = (
    r.Declaration(
        "Learner's declaration of authenticity",
        "I confirm that the evidence in this portfolio is my own work.",
        "Jordan Avery",
        "Learner",
        datetime(2026, 11, 20, 12, tzinfo=UTC),
    ),
    r.Declaration(
        "Assessor's sign-off",
        "I confirm the unit has been achieved.",
        "Alex Assessor",
        "Assessor",
        None,
    ),
)


def _body(kind: Kind, fake: Faker, when: datetime, i: int) -> r.Body:
    """The kind-specific content of item ``i``."""
    if kind == Kind.SIMULATOR_RECORD:
        return simulator_record(fake, i)
    if kind == Kind.WITNESS_TESTIMONY:
        statement = fake.paragraph(8)
        digest = hashlib.sha256(statement.encode()).hexdigest()
        signature = r.Signature(
            signer_name=fake.name(),
            signer_email=fake.email(),
            signer_role="Sales office supervisor",
            relationship="Line manager",
            signed_at=when + timedelta(days=2),
            content_sha256=digest,
            verified=i % 7 != 2,
        )
        return r.Testimony(
            statement, signature.signer_name, signature.signer_role, signature
        )
    if kind == Kind.REFLECTION:
        paras = "".join(f"<p>{fake.paragraph(6)}</p>" for _ in range(3))
        return r.Reflection(
            f"{paras}<ul><li>{fake.sentence()}</li><li>{fake.sentence()}</li></ul>"
        )
    if kind == Kind.PROFESSIONAL_DISCUSSION:
        return r.Discussion(
            when,
            fake.name(),
            tuple(
                r.QuestionAnswer(fake.sentence(9).rstrip(".") + "?", fake.paragraph(3))
                for _ in range(4)
            ),
            fake.paragraph(2),
        )
    if kind == Kind.OBSERVATION:
        return r.Observation(
            when, fake.name(), "Sales office, order desk", fake.paragraph(7)
        )
    return None


def _item(fake: Faker, i: int, root: Path, with_files: bool) -> r.EvidenceSection:
    """One generated evidence item."""
    kind = KINDS[i % len(KINDS)]
    when = datetime(2026, 2, 1, 9, tzinfo=UTC) + timedelta(days=i, hours=i % 7)
    codes = tuple(c[0] for c in random.Random(i).sample(CRITERIA, 2 + i % 3))
    decisions = tuple(
        r.Decision(
            code,
            "met" if (i + n) % 5 else "not_yet_met",
            fake.sentence(14),
            "Alex Assessor",
            when + timedelta(days=5),
        )
        for n, code in enumerate(codes)
    )
    files: tuple[r.StoredFile, ...] = ()
    if with_files and kind == Kind.WORK_PRODUCT:
        files = (
            stored(root, f"screen-{i}.png", lambda p: png(p, i), "image/png", "image"),
        )
        if i % 12 == 0:
            files += (
                stored(
                    root,
                    f"supplier-{i}.pdf",
                    lambda p: pdf(p, "Supplier note"),
                    "application/pdf",
                    "pdf",
                ),
            )
    title = fake.sentence(6).rstrip(".")
    return r.EvidenceSection(
        key=f"evidence-{i + 1}",
        ref=f"E{i + 1}",
        version=1 + i % 2,
        kind=kind,
        title=title,
        description=fake.paragraph(5),
        status="Accepted" if i % 4 else "Submitted",
        submitted_at=when,
        criteria=codes,
        decisions=decisions,
        feedback=(fake.paragraph(2),) if i % 3 == 0 else (),
        files=files,
        body=_body(kind, fake, when, i),
        sha256=hashlib.sha256(f"{i}:{title}".encode()).hexdigest(),
    )


def sample_report(
    items: int, storage_root: Path, *, seed: int = 7, files: bool = True
) -> r.PortfolioReport:
    """A generated portfolio of ``items`` evidence items (files under storage_root)."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    evidence = tuple(_item(fake, i, storage_root, files) for i in range(items))
    rows = _matrix(evidence)
    criteria = tuple(
        r.CriterionInfo(c, k, t, ot, any(row.achieved for row in rows if row.code == c))
        for c, k, t, ot in CRITERIA
    )
    sampling = tuple(
        r.SamplingRecord(
            e.submitted_at,
            "Iris Quality",
            "Alex Assessor",
            e.ref,
            e.criteria[0],
            "agreed" if n % 4 else "sent_back",
            fake.sentence(10),
        )
        for n, e in enumerate(evidence[::10])
    )
    return r.PortfolioReport(COVER, DECLARATIONS, criteria, rows, evidence, sampling)


def _matrix(evidence: tuple[r.EvidenceSection, ...]) -> tuple[MatrixRow, ...]:
    """The coverage rows of the generated evidence, one per criterion."""
    rows = []
    for code, _kind, text, _ot in CRITERIA:
        entries = tuple(
            MatrixEntry(e.ref, e.title, state, state.capitalize())
            for e in evidence
            if code in e.criteria
            for state in [
                next(
                    (
                        "met" if d.outcome == "met" else "returned"
                        for d in e.decisions
                        if d.criterion_code == code
                    ),
                    "submitted",
                )
            ]
        )
        met = any(x.state == "met" for x in entries)
        state = "met" if met else ("submitted" if entries else "gap")
        rows.append(MatrixRow(code, text, met, entries, state, state.capitalize()))
    return tuple(rows)
