"""Split a PortfolioReport into independently rendered parts, as HTML.

Each part is a complete HTML document rendered from ``templates/pdf/`` with plain
data only. A part's cache key is the SHA-256 of its HTML plus the version of the
print CSS and fonts, so an unchanged evidence item is never laid out twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from portfolio.exports.report import EvidenceSection, PortfolioReport, StoredFile
from portfolio.core.filters import money, uk_date, uk_datetime
from portfolio.pdf.assemble import Entry
from portfolio.pdf.render import STATIC_DIR

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Bump when the rendering code changes in a way the HTML does not show.
RENDERER_VERSION = "1"
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
        return tuple(self.data.get("parts", ())) or (self,)


def doc_date(value: Any) -> str:
    """A simulator document's date as 27 Nov 2026, or the text as stored."""
    try:
        return uk_date(value)
    except (TypeError, ValueError):
        return str(value)


def doc_money(value: Any) -> str:
    """A simulator document's amount as £1,234.50, or the text as stored."""
    try:
        return money(value)
    except ArithmeticError:
        return str(value)


@cache
def environment() -> Environment:
    """The Jinja environment for PDF templates (autoescaped)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(uk_date=uk_date, uk_datetime=uk_datetime, money=money)
    env.filters.update(doc_date=doc_date, doc_money=doc_money)
    return env


@cache
def style_version() -> str:
    """A digest of the print CSS, the fonts and the PDF templates."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    files = sorted((STATIC_DIR / "fonts").glob("*.ttf"))
    files += [STATIC_DIR / "css" / "print.css", *sorted((TEMPLATES / "pdf").glob("*"))]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def storage_url_for(root: Path):  # noqa: ANN201 - a template global
    """A template function giving the file: URL of a stored file under ``root``."""

    def storage_url(relative: str) -> Markup:
        return Markup((root / relative).resolve().as_uri())

    return storage_url


def render_html(part: Part, report: PortfolioReport, storage_root: Path) -> str:
    """The complete HTML document of one part."""
    template = environment().get_template("pdf/_part.html")
    return template.render(
        part=part,
        doc_title=part.title,
        running_title=report.running_title,
        storage_url=storage_url_for(storage_root),
    )


def render_document(
    parts: list[Part], report: PortfolioReport, storage_root: Path
) -> str:
    """All parts as one HTML document (the naive single render)."""
    template = environment().get_template("pdf/document.html")
    return template.render(
        parts=parts,
        doc_title=report.cover.learner_name,
        running_title=report.running_title,
        storage_url=storage_url_for(storage_root),
    )


def html_key(html: str) -> str:
    """The cache key of a part's HTML."""
    return hashlib.sha256((style_version() + html).encode()).hexdigest()


def evidence_part(item: EvidenceSection) -> Part:
    """The part for one evidence item (its appended PDFs follow it)."""
    return Part(
        key=item.key,
        template="pdf/evidence.html",
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
        template="pdf/batch.html",
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
        if part.template != "pdf/evidence.html":
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
        Part("cover", "pdf/cover.html", "Cover and declarations", 1, cover),
    ]


def body_parts(report: PortfolioReport) -> Iterator[Part]:
    """The matrix and every evidence item, in order."""
    yield Part(
        "matrix", "pdf/matrix.html", "Coverage matrix", 1, {"rows": report.matrix}
    )
    for item in report.evidence:
        yield evidence_part(item)


def back_parts(report: PortfolioReport, verify_url: str) -> list[Part]:
    """IQA sampling and the verification manifest."""
    testimonies = [e for e in report.evidence if e.kind == "testimony"]
    manifest = {
        "evidence": report.evidence,
        "testimonies": testimonies,
        "verify_url": verify_url,
    }
    sampling = {"records": report.sampling, "notes": report.notes}
    return [
        Part(
            "sampling", "pdf/sampling.html", "Internal quality assurance", 1, sampling
        ),
        Part("manifest", "pdf/manifest.html", "Verification manifest", 1, manifest),
    ]


def contents_part(entries: list[Entry]) -> Part:
    """The contents page(s) listing ``entries``."""
    return Part("contents", "pdf/contents.html", "Contents", 1, {"entries": entries})
