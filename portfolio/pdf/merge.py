"""Merge rendered parts and appended PDFs; stamp, tag, bookmark, sign the file.

Runs in a pool worker, so that the memory a large document needs is
never held by the web process. The parts are tagged (PDF/UA-1) and their
structure trees are grafted into one (``tagging``); the footer stamp is drawn
here (``stamp``); the uploads ride along as associated files; the signature,
if a key is given, is the very last change, and the fingerprint is of the
signed bytes.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import resource
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pikepdf import (
    Array,
    Dictionary,
    Name,
    ObjectStreamMode,
    OutlineItem,
    Pdf,
    String,
)

from portfolio.pdf import tagging
from portfolio.pdf.signing import SigningKey, sign_file
from portfolio.pdf.stamp import stamp, stamp_ops

__all__ = ["MergePlan", "MergeResult", "Source", "link_pages", "merge", "stamp_ops"]


@dataclass(frozen=True)
class Source:
    """A PDF file to append, and whether its pages are our own parts."""

    path: str
    foreign: bool = False  # an uploaded PDF: give the stamp a white background
    description: str = ""  # what an uploaded PDF is (its pages' alternative text)


@dataclass(frozen=True)
class MergePlan:
    """Everything the merge step needs (picklable, no app or database)."""

    sources: tuple[Source, ...]
    out_path: str
    footer: str  # printed at the foot of every page, left of "Page x of y"
    outline: tuple[tuple[str, int, int], ...]  # title, level, first page (1-based)
    metadata: dict[str, str] = field(default_factory=dict)
    attachments: tuple[tuple[str, str], ...] = ()  # (name, path)
    lang: str = "en-GB"
    signing: SigningKey | None = None
    sign_reason: str = ""
    sign_location: str = ""


@dataclass(frozen=True)
class MergeResult:
    """The written file's page count, SHA-256, size and the worker's peak RSS."""

    pages: int
    sha256: str
    size: int
    worker_peak_mib: float
    pdfa: bool = False  # identified as PDF/A-3b (no uploaded PDF pages in it)
    sign_seconds: float = 0.0


def _outline(pdf: Pdf, outline: tuple[tuple[str, int, int], ...]) -> None:
    """Bookmarks, nested by level."""
    last = len(pdf.pages) - 1
    with pdf.open_outline() as tree:
        parents: dict[int, OutlineItem] = {}
        for title, level, page in outline:
            item = OutlineItem(title, max(0, min(page - 1, last)))
            parent = parents.get(level - 1)
            (parent.children if parent is not None else tree.root).append(item)
            parents[level] = item


PAGE_LINK = "x-page:"  # a contents entry's link to a page of the merged file


def link_pages(pdf: Pdf) -> int:
    """Turn ``x-page:N`` URI links (from the contents part) into links to page N."""
    changed = 0
    pages = pdf.pages
    total = len(pages)
    for page in pages:
        for annot in page.obj.get(Name.Annots) or ():
            action = annot.get(Name.A) if isinstance(annot, Dictionary) else None
            uri = (
                str(action.get(Name.URI, "")) if isinstance(action, Dictionary) else ""
            )
            if not uri.startswith(PAGE_LINK) or not uri[len(PAGE_LINK) :].isdigit():
                continue
            target = min(int(uri[len(PAGE_LINK) :]), total) - 1
            del annot[Name.A]
            annot[Name.Dest] = Array([pages[target].obj, Name.Fit])
            changed += 1
    return changed


def attach(pdf: Pdf, attachments: tuple[tuple[str, str], ...]) -> None:
    """Embed the originals as PDF/A-3 associated files (relationship: Source)."""
    if not attachments:
        return
    names = Array()
    specs = Array()
    for name, path in sorted(attachments):
        data = Path(path).read_bytes()
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        stream = pdf.make_stream(data)
        stream[Name.Type] = Name.EmbeddedFile
        stream[Name.Subtype] = Name("/" + mime)
        stream[Name.Params] = Dictionary(
            Size=len(data), ModDate=tagging.pdf_date(datetime.now(UTC))
        )
        spec = pdf.make_indirect(
            Dictionary(
                Type=Name.Filespec,
                F=String(name),
                UF=String(name),
                Desc=String(f"Original upload {name}"),
                AFRelationship=Name.Source,
                EF=Dictionary(F=stream),
            )
        )
        names.extend([String(name), spec])
        specs.append(spec)
    pdf.Root[Name.Names] = Dictionary(EmbeddedFiles=Dictionary(Names=names))
    pdf.Root[Name.AF] = specs


READER_CACHE_BYTES = int(os.environ.get("PDF_MERGE_CACHE_MIB", "64")) << 20
_readers: dict[str, tuple[tuple[int, int], Pdf]] = {}


class _Readers:
    """Opened sources, reused from the last merge in this process when unchanged.

    qpdf parses a source's objects as they are copied and keeps them; a
    re-export after one change has the same part files but one, so the merge
    process keeps the last merge's opened files (while their files add up to
    ``READER_CACHE_BYTES`` at most; a part file's name is the hash of its HTML,
    and its size and mtime are checked too).
    """

    def __init__(self) -> None:
        self.used: dict[str, tuple[tuple[int, int], Pdf]] = {}
        self.extra: list[Pdf] = []  # a file used twice: its second opening
        self.size = 0

    def open(self, path: str) -> Pdf:
        """An opened ``path``, from the last merge if it is the same file."""
        if path in self.used:  # the same file twice: copy its pages twice
            again = Pdf.open(path)
            self.extra.append(again)
            return again
        stat = os.stat(path)
        stamp_ = (stat.st_mtime_ns, stat.st_size)
        known = _readers.get(path)
        reader = known[1] if known and known[0] == stamp_ else Pdf.open(path)
        self.used[path] = (stamp_, reader)
        self.size += stat.st_size
        return reader

    def keep(self) -> None:
        """Keep this merge's sources for the next merge (if they are not too big)."""
        for extra in self.extra:
            extra.close()
        kept = self.used if self.size <= READER_CACHE_BYTES else {}
        in_use = {id(reader) for _, reader in kept.values()}
        for _, old in _readers.values():
            if id(old) not in in_use:
                old.close()
        for _, reader in self.used.values():
            if id(reader) not in in_use:
                reader.close()
        _readers.clear()
        _readers.update(kept)


def _append(pdf: Pdf, plan: MergePlan, readers: _Readers) -> set[int]:
    """Append every source, keeping our parts' tags; the uploaded pages' indexes."""
    tree = tagging.StructureMerger(pdf)
    foreign: set[int] = set()
    for source in plan.sources:
        before = len(pdf.pages)
        reader = readers.open(source.path)
        pdf.pages.extend(reader.pages)
        if source.foreign or not tree.add_tagged(reader, before):
            foreign.update(range(before, len(pdf.pages)))
            label = source.description or f"Uploaded file {Path(source.path).name}"
            tree.add_figure_pages(before, len(pdf.pages), label)
    tree.finish(plan.lang)
    return foreign


def merge(plan: MergePlan) -> MergeResult:
    """Write the merged, stamped, tagged, bookmarked (signed) file; fingerprint it."""
    readers = _Readers()
    try:
        with Pdf.new() as pdf:
            pages = _write(pdf, plan, readers)
    finally:
        readers.keep()
    out = Path(plan.out_path)
    tmp = out.with_suffix(".tmp")
    pdfa = pages[1]
    sign_seconds = 0.0
    if plan.signing is not None:
        started = time.perf_counter()
        sha256, size = sign_file(
            str(tmp), plan.signing, reason=plan.sign_reason, location=plan.sign_location
        )
        sign_seconds = time.perf_counter() - started
    else:
        sha256, size = _fingerprint(tmp)
    os.replace(tmp, out)
    os.chmod(out, 0o600)  # a learner's whole portfolio: readable by the app only
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return MergeResult(pages[0], sha256, size, peak, pdfa, sign_seconds)


def _fingerprint(path: Path) -> tuple[str, int]:
    """SHA-256 and size of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest(), path.stat().st_size


def _write(pdf: Pdf, plan: MergePlan, readers: _Readers) -> tuple[int, bool]:
    """Build the merged file in ``pdf`` and save it beside ``out_path`` (unsigned)."""
    foreign = _append(pdf, plan, readers)
    stamp(pdf, plan.footer, foreign)
    link_pages(pdf)
    _outline(pdf, plan.outline)
    pdf.Root[Name.PageMode] = Name.UseOutlines
    # PDF/A-3b only where it does not conflict: an uploaded PDF's pages may use
    # anything (unembedded fonts, encryption leftovers), so those files say UA only.
    pdfa = not foreign
    tagging.add_output_intent(pdf)
    tagging.add_xmp(pdf, plan.metadata, lang=plan.lang, pdfa=pdfa)
    attach(pdf, plan.attachments)
    out = Path(plan.out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    # No object streams: the file stays byte-comparable apart from its
    # timestamps, and a PAdES incremental update appends to it cleanly.
    pdf.save(
        out.with_suffix(".tmp"),
        min_version="1.7",
        fix_metadata_version=False,
        object_stream_mode=ObjectStreamMode.disable,
    )
    return len(pdf.pages), pdfa
