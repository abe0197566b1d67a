"""Split a PortfolioReport into independently rendered parts, in document order.

A part names its template under ``templates/exports/pdf/`` and the plain report
data it shows. Evidence items are grouped into small batches, each rendered as
one document, whose boundaries depend only on the items' order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from portfolio.evidence.domain.kinds import Kind
from portfolio.exports.domain.report import EvidenceSection, PortfolioReport, StoredFile
from portfolio.pdf.assemble import Entry

EVIDENCE_TEMPLATE = "exports/pdf/evidence.html"
MAX_BATCH = 5  # evidence items per WeasyPrint call, at most
BATCHES_PER_WORKER = 8


@dataclass(frozen=True)
class Part:
    """One independently rendered piece of the export."""

    key: str
    template: str
    title: str
    level: int
    data: dict[str, Any] = field(hash=False, compare=False)
    appended: tuple[StoredFile, ...] = ()
    attached: tuple[StoredFile, ...] = ()

    @property
    def members(self) -> tuple[Part, ...]:
        """The evidence parts of a batch; a single part is its own member."""
        members: tuple[Part, ...] = tuple(self.data.get("parts", ()))
        return members or (self,)


def evidence_part(item: EvidenceSection) -> Part:
    """The part for one evidence item (its appended PDFs follow it)."""
    return Part(
        key=item.key,
        template=EVIDENCE_TEMPLATE,
        title=f"{item.ref} {item.title}",
        level=2,
        data={"item": item},
        appended=item.appended_pdfs,
        attached=tuple(f for f in item.files if f.disposition == "attached"),
    )


def batch_size(items: int, workers: int) -> int:
    """Items per batch: keeps every worker busy; small, so re-renders are cheap."""
    return max(1, min(MAX_BATCH, -(-items // (BATCHES_PER_WORKER * workers))))


def batch_part(members: list[Part]) -> Part:
    """Several evidence parts rendered as one document (one WeasyPrint call)."""
    return Part(
        key=f"batch:{members[0].key}",
        template="exports/pdf/batch.html",
        title=members[0].title,
        level=2,
        data={"parts": members},
        appended=members[-1].appended,
        attached=tuple(f for m in members for f in m.attached),
    )


def batched(body: list[Part], size: int) -> list[Part]:
    """Group consecutive evidence parts; a batch ends after an item with PDFs.

    Other parts (the matrix) stay on their own. Boundaries depend only on the
    items' order, so a change to one item changes only its batch's HTML.
    """
    out: list[Part] = []
    run: list[Part] = []
    for part in body:
        if part.template != EVIDENCE_TEMPLATE:
            out.append(part)
            continue
        run.append(part)
        if len(run) >= size or part.appended:
            out.append(batch_part(run))
            run = []
    if run:
        out.append(batch_part(run))
    return out


def front_parts(report: PortfolioReport, verify_url: str) -> list[Part]:
    """Cover and declarations."""
    cover = {
        "cover": report.cover,
        "declarations": report.declarations,
        "evidence_count": len(report.evidence),
        "verify_url": verify_url,
    }
    return [
        Part("cover", "exports/pdf/cover.html", "Cover and declarations", 1, cover),
    ]


def body_parts(report: PortfolioReport) -> Iterator[Part]:
    """The matrix and every evidence item, in order."""
    yield Part(
        "matrix",
        "exports/pdf/matrix.html",
        "Coverage matrix",
        1,
        {"rows": report.matrix},
    )
    for item in report.evidence:
        yield evidence_part(item)


def back_parts(report: PortfolioReport, verify_url: str) -> list[Part]:
    """IQA sampling and the verification manifest."""
    testimonies = [e for e in report.evidence if e.kind == Kind.WITNESS_TESTIMONY]
    manifest = {
        "evidence": report.evidence,
        "testimonies": testimonies,
        "verify_url": verify_url,
    }
    sampling = {"records": report.sampling, "notes": report.notes}
    return [
        Part(
            "sampling",
            "exports/pdf/sampling.html",
            "Internal quality assurance",
            1,
            sampling,
        ),
        Part(
            "manifest",
            "exports/pdf/manifest.html",
            "Verification manifest",
            1,
            manifest,
        ),
    ]


def contents_part(entries: list[Entry]) -> Part:
    """The contents page(s) listing ``entries``."""
    return Part(
        "contents", "exports/pdf/contents.html", "Contents", 1, {"entries": entries}
    )
