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
4. A pool worker merges, stamps, bookmarks and fingerprints the file.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.exports.report import PortfolioReport
from portfolio.pdf import assemble, parts
from portfolio.pdf.appendix import pdf_page_count
from portfolio.pdf.merge import MergePlan, MergeResult, Source, merge
from portfolio.pdf.pool import get_pool
from portfolio.pdf.render import html_to_pdf

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Settings:
    """Where files live and how much parallelism to use."""

    storage_root: Path
    cache_dir: Path
    verify_url: str
    workers: int | None = None  # None: one per core; 0: render in this process


@dataclass(frozen=True)
class PartInfo:
    """A rendered part on disk."""

    path: str
    pages: int
    anchors: dict[str, int]
    refused: tuple[str, ...] = ()


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


def render_to_cache(
    html: str, key: str, cache_dir: str, roots: tuple[str, ...]
) -> PartInfo:
    """Render one part and store it in the cache (runs in a pool worker)."""
    result = html_to_pdf(html, roots=roots, metadata=False)
    folder = Path(cache_dir) / key[:2]
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{key}.pdf"
    tmp = pdf.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(result.pdf)
    os.replace(tmp, pdf)
    info = {"pages": result.pages, "anchors": result.anchors}
    (folder / f"{key}.json").write_text(json.dumps(info))
    return PartInfo(str(pdf), result.pages, result.anchors, result.refused)


def cached(key: str, cache_dir: Path) -> PartInfo | None:
    """The cached rendering of ``key``, if there is one."""
    folder = cache_dir / key[:2]
    meta, pdf = folder / f"{key}.json", folder / f"{key}.pdf"
    if not (meta.exists() and pdf.exists()):
        return None
    info = json.loads(meta.read_text())
    return PartInfo(str(pdf), info["pages"], info["anchors"])


class _Renderer:
    """Render parts through the cache and the pool, a bounded window at a time."""

    def __init__(self, report: PortfolioReport, settings: Settings, pool: Executor):
        self.report, self.settings, self.pool = report, settings, pool
        self.roots = (str(settings.storage_root),)
        self.window = 2 * (settings.workers or os.cpu_count() or 1) + 2
        self.rendered = self.cached = 0
        self.refused: list[str] = []

    def _submit(self, part: parts.Part) -> Future | PartInfo:
        html = parts.render_html(part, self.report, self.settings.storage_root)
        key = parts.html_key(html)
        hit = cached(key, self.settings.cache_dir)
        if hit is not None:
            self.cached += 1
            return hit
        self.rendered += 1
        return self.pool.submit(
            render_to_cache, html, key, str(self.settings.cache_dir), self.roots
        )

    def render(
        self, todo: Iterable[parts.Part], progress: Callable[[int], None]
    ) -> dict[str, PartInfo]:
        """Render every part; call ``progress(done)`` as they finish."""
        infos: dict[str, PartInfo] = {}
        pending: dict[Future, str] = {}
        done = 0
        for part in todo:
            outcome = self._submit(part)
            if isinstance(outcome, PartInfo):
                infos[part.key] = outcome
                done += 1
                progress(done)
                continue
            pending[outcome] = part.key
            while len(pending) >= self.window:
                done += self._collect(pending, infos, FIRST_COMPLETED)
                progress(done)
        while pending:
            done += self._collect(pending, infos, FIRST_COMPLETED)
            progress(done)
        return infos

    def _collect(self, pending: dict, infos: dict, mode: str) -> int:
        finished, _ = wait(list(pending), return_when=mode)
        for future in finished:
            info = future.result()
            infos[pending.pop(future)] = info
            self.refused.extend(info.refused)
        return len(finished)


class _Layout:
    """Turn rendered parts into numbered blocks and merge sources."""

    def __init__(self, report: PortfolioReport, storage_root: Path) -> None:
        self.first_item = report.evidence[0].key if report.evidence else None
        self.storage_root = storage_root
        self._counts: dict[str, int] = {}

    def appended_pages(self, path: Path) -> int:
        """Pages of an uploaded PDF (counted once per build)."""
        key = str(path)
        if key not in self._counts:
            self._counts[key] = pdf_page_count(path) or 0
        return self._counts[key]

    def blocks(
        self, ordered: list[parts.Part], infos: dict[str, PartInfo]
    ) -> tuple[list[assemble.Block], list[Source]]:
        """Blocks (for numbering) and sources (for merging) in document order."""
        blocks: list[assemble.Block] = []
        sources: list[Source] = []
        for part in ordered:
            info = infos.get(part.key)
            if info:
                sources.append(Source(info.path))
            if part.key == "cover":
                blocks.extend(self._cover(info))
                continue
            blocks.extend(self._members(part, info))
            for stored in part.appended:
                path = self.storage_root / stored.path
                count = self.appended_pages(path) if info else 1
                if count:
                    title = f"Appended file: {stored.name}"
                    blocks.append(
                        assemble.Block(f"{part.key}:{stored.sha256}", title, 3, count)
                    )
                    sources.append(Source(str(path), foreign=True))
        return blocks, sources

    @staticmethod
    def _cover(info: PartInfo | None) -> list[assemble.Block]:
        """The cover and declarations blocks (one rendered part)."""
        pages = info.pages if info else 1
        split = min(info.anchors.get("declarations", pages), pages) if info else 1
        return [
            assemble.Block("cover", "Cover", 1, split),
            assemble.Block("declarations", "Declarations", 1, pages - split),
        ]

    def _members(self, part: parts.Part, info: PartInfo | None) -> list[assemble.Block]:
        """One block per member of a part, its pages found from the anchors."""
        members = part.members
        if info is None:
            starts = list(range(len(members))) + [len(members)]
        else:
            starts = [info.anchors.get(m.key, 0) for m in members] + [info.pages]
            if len(members) == 1:
                starts = [0, info.pages]
        blocks = []
        for index, member in enumerate(members):
            if member.key == self.first_item:
                blocks.append(assemble.Block("evidence", "Evidence", 1, 0))
            pages = starts[index + 1] - starts[index]
            blocks.append(assemble.Block(member.key, member.title, member.level, pages))
        return blocks


def _merge_plan(
    report: PortfolioReport,
    entries: list[assemble.Entry],
    sources: list[Source],
    export_id: str,
    out_path: Path,
    storage_root: Path,
) -> MergePlan:
    """The picklable instructions for the merge worker."""
    cover = report.cover
    attachments = tuple(
        (f"{item.ref}-{stored.name}", str(storage_root / stored.path))
        for item in report.evidence
        for stored in item.files
        if stored.disposition == "attached"
    )
    return MergePlan(
        sources=tuple(sources),
        out_path=str(out_path),
        export_id=export_id,
        outline=tuple((e.title, e.level, e.page) for e in entries),
        metadata={
            "Title": f"Portfolio of evidence: {cover.learner_name}, {cover.unit_code}",
            "Author": cover.learner_name,
            "Subject": f"{cover.unit_code} {cover.unit_title} ({cover.centre})",
            "Keywords": f"export {export_id}",
            "Creator": "Sales Order Portfolio",
            "Producer": "WeasyPrint and pypdf",
        },
        attachments=attachments,
    )


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
    pool = get_pool(settings.workers)
    renderer = _Renderer(report, settings, pool)
    layout = _Layout(report, settings.storage_root)
    front = parts.front_parts(report, settings.verify_url)
    workers = settings.workers or os.cpu_count() or 1
    size = parts.batch_size(len(report.evidence), workers)
    body = parts.batched(list(parts.body_parts(report)), size)
    back = parts.back_parts(report, settings.verify_url)
    # Pass 1: the contents with placeholder numbers, rendered alongside the rest;
    # the front and back matter go first so that no long part is left for last.
    guess, _ = layout.blocks([*front, parts.contents_part([]), *body, *back], {})
    contents = parts.contents_part(_placeholder(guess))
    total = 3 + len(body) + len(back)
    infos = renderer.render(
        [*front, *back, contents, *body], lambda n: tell(5 + 80 * n // total)
    )
    # Pass 2 (and 3 if the contents changed length): the real page numbers.
    for _ in range(3):
        doc = [*front, contents, *body, *back]
        blocks, sources = layout.blocks(doc, infos)
        contents = parts.contents_part(assemble.entries(assemble.place(blocks)))
        fresh = renderer.render([contents], lambda _n: None)["contents"]
        settled = fresh.pages == infos["contents"].pages
        infos["contents"] = fresh
        if settled:
            break
    blocks, sources = layout.blocks([*front, contents, *body, *back], infos)
    tell(90)
    entries = assemble.entries(assemble.place(blocks))
    plan = _merge_plan(
        report, entries, sources, export_id, out_path, settings.storage_root
    )
    result: MergeResult = pool.submit(merge, plan).result()
    tell(100)
    return BuildResult(
        pages=result.pages,
        sha256=result.sha256,
        size=result.size,
        seconds=time.perf_counter() - started,
        rendered=renderer.rendered,
        cached=renderer.cached,
        merge_peak_mib=result.worker_peak_mib,
        refused=renderer.refused,
        contents=entries,
    )


def _placeholder(blocks: list[assemble.Block]) -> list[assemble.Entry]:
    """Contents entries with wide placeholder numbers (same line count)."""
    return [assemble.Entry(b.title, b.level, 999) for b in blocks if b.in_contents]
