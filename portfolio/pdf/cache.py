"""Render HTML parts to PDF files through an on-disk cache and a process pool.

A part's cache key is the SHA-256 of its HTML plus a digest of everything else
that shapes its layout (print CSS, fonts, templates), so an unchanged part is
never laid out twice. The renderer keeps only a bounded window of parts in
flight, so the caller never holds more than a few parts' HTML or PDF bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path

from portfolio.pdf.render import STATIC_DIR, html_to_pdf

Progress = Callable[[int], None]


@dataclass(frozen=True)
class HtmlPart:
    """A named piece of a document as HTML, and the key its rendering is cached by."""

    key: str
    html: str
    cache_key: str


@dataclass(frozen=True)
class PartInfo:
    """A rendered part on disk: its pages and where each anchor starts (0-based)."""

    path: str
    pages: int
    anchors: dict[str, int]
    refused: tuple[str, ...] = ()


def print_assets(static_dir: Path = STATIC_DIR) -> list[Path]:
    """The fonts and print CSS every rendering depends on."""
    return [*sorted((static_dir / "fonts").glob("*.ttf")), static_dir / "css/print.css"]


def files_digest(paths: Iterable[Path], salt: str = "") -> str:
    """SHA-256 of ``salt`` and the names and bytes of ``paths``, in order."""
    digest = hashlib.sha256(salt.encode())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(html: str, assets: str) -> str:
    """The cache key of ``html`` laid out with the assets whose digest is given."""
    return hashlib.sha256((assets + html).encode()).hexdigest()


def render_to_cache(
    html: str,
    key: str,
    cache_dir: str,
    roots: tuple[str, ...],
    tagged: bool = True,
) -> PartInfo:
    """Render one part and store it in the cache (runs in a pool worker)."""
    result = html_to_pdf(html, roots=roots, metadata=False, tagged=tagged)
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


class PartRenderer:
    """Render parts through the cache and the pool, a bounded window at a time."""

    def __init__(
        self,
        cache_dir: Path,
        roots: Iterable[str | Path],
        pool: Executor,
        workers: int | None = None,
        tagged: bool = True,
    ) -> None:
        """Render into ``cache_dir``; files may be loaded from under ``roots``."""
        self.cache_dir, self.pool, self.tagged = cache_dir, pool, tagged
        self.roots = tuple(str(root) for root in roots)
        self.window = 2 * (workers or os.cpu_count() or 1) + 2
        self.rendered = self.cached = 0
        self.refused: list[str] = []

    def _submit(self, part: HtmlPart) -> Future[PartInfo] | PartInfo:
        """The cached rendering of ``part``, or a future for a fresh one."""
        key = part.cache_key if self.tagged else f"{part.cache_key}-untagged"
        hit = cached(key, self.cache_dir)
        if hit is not None:
            self.cached += 1
            return hit
        self.rendered += 1
        return self.pool.submit(
            render_to_cache,
            part.html,
            key,
            str(self.cache_dir),
            self.roots,
            self.tagged,
        )

    def render(
        self, todo: Iterable[HtmlPart], progress: Progress | None = None
    ) -> dict[str, PartInfo]:
        """Render every part, keyed by part key; ``progress(done)`` as each ends."""
        tell = progress or (lambda _done: None)
        infos: dict[str, PartInfo] = {}
        pending: dict[Future[PartInfo], str] = {}
        done = 0
        for part in todo:
            outcome = self._submit(part)
            if isinstance(outcome, PartInfo):
                infos[part.key] = outcome
                done += 1
                tell(done)
                continue
            pending[outcome] = part.key
            while len(pending) >= self.window:
                done += self._collect(pending, infos)
                tell(done)
        while pending:
            done += self._collect(pending, infos)
            tell(done)
        return infos

    def _collect(
        self, pending: dict[Future[PartInfo], str], infos: dict[str, PartInfo]
    ) -> int:
        """Wait for at least one rendering, record it and return how many ended."""
        finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in finished:
            info = future.result()
            infos[pending.pop(future)] = info
            self.refused.extend(info.refused)
        return len(finished)
