"""Build the export: render parts in parallel (cached), number them, merge them.

1. Split the report into parts (cover, contents, matrix, batches of a few
   evidence items each, IQA sampling, manifest) and render their HTML here
   (cheap). Batching saves WeasyPrint's per-document overhead; a batch's cache
   key is the hash of its HTML, so a change to one item re-renders its batch only.
2. A part whose HTML (plus CSS/font version) was rendered before is read from the
   on-disk cache; the others go to the process pool, a few at a time, so the
   parent never holds more than a window of HTML or PDF bytes.
3. The contents needs every part's first page: it is rendered after the others,
   once with placeholder numbers (in parallel) and again with the real ones.
4. The merge process stamps, bookmarks, signs and fingerprints the file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.exports.domain.report import PortfolioReport
from portfolio.exports.services import parts
from portfolio.exports.services.html import html_parts
from portfolio.exports.services.layout import Layout
from portfolio.pdf import assemble
from portfolio.pdf.cache import PartInfo, PartRenderer
from portfolio.pdf.merge import MergePlan, MergeResult, Source, merge
from portfolio.pdf.pool import get_merge_pool, get_pool
from portfolio.pdf.signing import SigningKey

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Settings:
    """Where files live and how much parallelism to use."""

    storage_root: Path
    cache_dir: Path
    verify_url: str
    workers: int | None = None  # None: one per core; 0: render in this process
    signing: SigningKey | None = None  # the centre's key; None: leave unsigned
    signer_location: str = ""  # the centre's name, recorded in the signature
    tagged: bool = True  # PDF/UA tags (off only to measure what they cost)


@dataclass
class BuildResult:
    """What the build produced and how it went."""

    pages: int
    sha256: str
    size: int
    seconds: float
    rendered: int
    cached: int
    merge_peak_mib: float
    refused: list[str] = field(default_factory=list)
    contents: list[assemble.Entry] = field(default_factory=list)
    pdfa: bool = False
    sign_seconds: float = 0.0
    merge_seconds: float = 0.0


def _merge_plan(
    report: PortfolioReport,
    entries: list[assemble.Entry],
    sources: list[Source],
    export_id: str,
    out_path: Path,
    settings: Settings,
) -> MergePlan:
    """The picklable instructions for the merge worker."""
    cover = report.cover
    attachments = tuple(
        (f"{item.ref}-{stored.name}", str(settings.storage_root / stored.path))
        for item in report.evidence
        for stored in item.files
        if stored.disposition == "attached"
    )
    return MergePlan(
        sources=tuple(sources),
        out_path=str(out_path),
        footer=f"Export ID {export_id}",
        outline=tuple((e.title, e.level, e.page) for e in entries),
        metadata={
            "Title": f"Portfolio of evidence: {cover.learner_name}, {cover.unit_code}",
            "Author": cover.learner_name,
            "Subject": f"{cover.unit_code} {cover.unit_title} ({cover.centre})",
            "Keywords": f"export {export_id}",
            "Creator": "Sales Order Portfolio",
            "Producer": "WeasyPrint and pikepdf",
        },
        attachments=attachments,
        signing=settings.signing,
        sign_reason=f"Portfolio export {export_id}, issued by the centre",
        sign_location=settings.signer_location or cover.centre,
    )


class _Build:
    """One build's renderer and layout, and the parts in document order."""

    def __init__(self, report: PortfolioReport, settings: Settings) -> None:
        self.report, self.settings = report, settings
        self.pool = get_pool(settings.workers)
        self.renderer = PartRenderer(
            settings.cache_dir,
            (settings.storage_root,),
            self.pool,
            settings.workers,
            tagged=settings.tagged,
        )
        self.layout = Layout(report, settings.storage_root)
        self.front = parts.front_parts(report, settings.verify_url)
        workers = settings.workers or os.cpu_count() or 1
        size = parts.batch_size(len(report.evidence), workers)
        self.body = parts.batched(list(parts.body_parts(report)), size)
        self.back = parts.back_parts(report, settings.verify_url)

    def render(
        self, todo: list[parts.Part], progress: Progress | None = None
    ) -> dict[str, PartInfo]:
        """Render ``todo`` (HTML made one part at a time, as the pool takes it)."""
        root = self.settings.storage_root
        return self.renderer.render(html_parts(todo, self.report, root), progress)

    def ordered(self, contents: parts.Part) -> list[parts.Part]:
        """Every part in document order, with this contents part."""
        return [*self.front, contents, *self.body, *self.back]

    def contents(self, current: parts.Part, infos: dict[str, PartInfo]) -> parts.Part:
        """The contents part with the page numbers the rendered parts give."""
        blocks, _ = self.layout.blocks(self.ordered(current), infos)
        return parts.contents_part(assemble.entries(assemble.place(blocks)))


def build_pdf(
    report: PortfolioReport,
    *,
    export_id: str,
    out_path: Path,
    settings: Settings,
    progress: Progress | None = None,
) -> BuildResult:
    """Render, number, merge and fingerprint the export of ``report``."""
    started = time.perf_counter()
    tell = progress or (lambda _pct: None)
    build = _Build(report, settings)
    # Pass 1: the contents with placeholder numbers, rendered alongside the rest;
    # the front and back matter go first so that no long part is left for last.
    guess, _ = build.layout.blocks(build.ordered(parts.contents_part([])), {})
    contents = parts.contents_part(_placeholder(guess))
    total = 3 + len(build.body) + len(build.back)
    infos = build.render(
        [*build.front, *build.back, contents, *build.body],
        lambda n: tell(5 + 80 * n // total),
    )
    # Pass 2 (and 3 if the contents changed length): the real page numbers.
    for _ in range(3):
        contents = build.contents(contents, infos)
        fresh = build.render([contents])["contents"]
        settled = fresh.pages == infos["contents"].pages
        infos["contents"] = fresh
        if settled:
            break
    blocks, sources = build.layout.blocks(build.ordered(contents), infos)
    tell(90)
    entries = assemble.entries(assemble.place(blocks))
    plan = _merge_plan(report, entries, sources, export_id, out_path, settings)
    merge_started = time.perf_counter()
    merger = get_merge_pool(settings.workers)
    result: MergeResult = merger.submit(merge, plan).result()
    merge_seconds = time.perf_counter() - merge_started
    tell(100)
    return BuildResult(
        pages=result.pages,
        sha256=result.sha256,
        size=result.size,
        seconds=time.perf_counter() - started,
        rendered=build.renderer.rendered,
        cached=build.renderer.cached,
        merge_peak_mib=result.worker_peak_mib,
        refused=build.renderer.refused,
        contents=entries,
        pdfa=result.pdfa,
        sign_seconds=result.sign_seconds,
        merge_seconds=merge_seconds,
    )


def _placeholder(blocks: list[assemble.Block]) -> list[assemble.Entry]:
    """Contents entries with wide placeholder numbers (same line count)."""
    return [assemble.Entry(b.title, b.level, 999) for b in blocks if b.in_contents]
