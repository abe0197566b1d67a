"""Merge rendered parts and appended PDFs; stamp, tag, bookmark, sign the file.

Runs in a pool worker, so that the memory pypdf needs for a large document is
never held by the web process. The parts are tagged (PDF/UA-1) and their
structure trees are grafted into one (``tagging``); the footer stamp is drawn
here (``stamp``); the uploads ride along as associated files; the signature,
if a key is given, is the very last change, and the fingerprint is of the
signed bytes.
"""

from __future__ import annotations

import gc
import hashlib
import mimetypes
import os
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
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


def _outline(writer: PdfWriter, outline: tuple[tuple[str, int, int], ...]) -> None:
    """Bookmarks, nested by level."""
    parents: dict[int, IndirectObject] = {}
    for title, level, page in outline:
        parents[level] = writer.add_outline_item(
            title=title, page_number=page - 1, parent=parents.get(level - 1)
        )


PAGE_LINK = "x-page:"  # a contents entry's link to a page of the merged file


def link_pages(writer: PdfWriter) -> int:
    """Turn ``x-page:N`` URI links (from the contents part) into links to page N."""
    changed = 0
    total = len(writer.pages)
    for page in writer.pages:
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            action = annot.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            if not uri.startswith(PAGE_LINK) or not uri[len(PAGE_LINK) :].isdigit():
                continue
            target = min(int(uri[len(PAGE_LINK) :]), total) - 1
            del annot["/A"]
            annot[NameObject("/Dest")] = ArrayObject(
                [writer.pages[target].indirect_reference, NameObject("/Fit")]
            )
            changed += 1
    return changed


def _pdf_date(moment: datetime) -> TextStringObject:
    return TextStringObject(moment.strftime("D:%Y%m%d%H%M%SZ"))


def attach(writer: PdfWriter, attachments: tuple[tuple[str, str], ...]) -> None:
    """Embed the originals as PDF/A-3 associated files (relationship: Source)."""
    if not attachments:
        return
    names = ArrayObject()
    specs = ArrayObject()
    for name, path in sorted(attachments):
        data = Path(path).read_bytes()
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        stream = DecodedStreamObject()
        stream.set_data(data)
        stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
        stream[NameObject("/Subtype")] = NameObject("/" + mime.replace("/", "#2F"))
        stream[NameObject("/Params")] = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(len(data)),
                NameObject("/ModDate"): _pdf_date(datetime.now(UTC)),
            }
        )
        spec = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Filespec"),
                    NameObject("/F"): TextStringObject(name),
                    NameObject("/UF"): TextStringObject(name),
                    NameObject("/Desc"): TextStringObject(f"Original upload {name}"),
                    NameObject("/AFRelationship"): NameObject("/Source"),
                    NameObject("/EF"): DictionaryObject(
                        {NameObject("/F"): writer._add_object(stream)}
                    ),
                }
            )
        )
        names.extend([TextStringObject(name), spec])
        specs.append(spec)
    catalog = writer._root_object
    catalog[NameObject("/Names")] = DictionaryObject(
        {NameObject("/EmbeddedFiles"): DictionaryObject({NameObject("/Names"): names})}
    )
    catalog[NameObject("/AF")] = specs


READER_CACHE_BYTES = int(os.environ.get("PDF_MERGE_CACHE_MIB", "64")) << 20
_readers: dict[str, tuple[tuple[int, int], PdfReader]] = {}


class _Readers:
    """Parsed sources, reused from the last merge in this process when unchanged.

    Parsing the parts is most of a merge's work; a re-export after one change
    has the same part files but one, so the merge process keeps the last
    merge's parsed files (while their files add up to ``READER_CACHE_BYTES`` at
    most; a part file's name is the hash of its HTML, and its size and mtime
    are checked too). pypdf only reads a source when copying from it.
    """

    def __init__(self) -> None:
        self.used: dict[str, tuple[tuple[int, int], PdfReader]] = {}
        self.size = 0

    def open(self, path: str) -> PdfReader:
        """A parsed ``path``, from the last merge if it is the same file."""
        if path in self.used:  # the same file twice: copy its pages twice
            return PdfReader(path)
        stat = os.stat(path)
        stamp_ = (stat.st_mtime_ns, stat.st_size)
        known = _readers.get(path)
        reader = known[1] if known and known[0] == stamp_ else PdfReader(path)
        self.used[path] = (stamp_, reader)
        self.size += stat.st_size
        return reader

    def keep(self) -> None:
        """Keep this merge's sources for the next merge (if they are not too big)."""
        _readers.clear()
        if self.size <= READER_CACHE_BYTES:
            _readers.update(self.used)


def _append(writer: PdfWriter, plan: MergePlan, readers: _Readers) -> set[int]:
    """Append every source, keeping our parts' tags; the uploaded pages' indexes."""
    tree = tagging.StructureMerger(writer)
    foreign: set[int] = set()
    for source in plan.sources:
        before = len(writer.pages)
        reader = readers.open(source.path)
        writer.append(reader, import_outline=False)
        if source.foreign or not tree.add_tagged(reader, before):
            foreign.update(range(before, len(writer.pages)))
            label = source.description or f"Uploaded file {Path(source.path).name}"
            tree.add_figure_pages(before, len(writer.pages), label)
    tree.finish(plan.lang)
    return foreign


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees).

    Parsing and copying the parts creates a few hundred thousand small objects
    that all stay alive until the file is written; each automatic collection
    walks every one of them again, which cost about a third of the merge. The
    writer's objects become garbage together at the end and the first
    collection after this block frees them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def merge(plan: MergePlan) -> MergeResult:
    """Write the merged, stamped, tagged, bookmarked (signed) file; fingerprint it."""
    with _without_cyclic_gc():
        return _merge(plan)


def _merge(plan: MergePlan) -> MergeResult:
    """``merge`` with the collector paused."""
    writer = PdfWriter()
    readers = _Readers()
    foreign = _append(writer, plan, readers)
    stamp(writer, plan.footer, foreign)
    link_pages(writer)
    _outline(writer, plan.outline)
    writer.add_metadata({f"/{k}": v for k, v in plan.metadata.items()})
    writer.page_mode = "/UseOutlines"
    # PDF/A-3b only where it does not conflict: an uploaded PDF's pages may use
    # anything (unembedded fonts, encryption leftovers), so those files say UA only.
    pdfa = not foreign
    tagging.add_output_intent(writer)
    tagging.add_xmp(writer, plan.metadata, lang=plan.lang, pdfa=pdfa)
    attach(writer, plan.attachments)
    out = Path(plan.out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        writer.write(fh)
    readers.keep()
    sign_seconds = 0.0
    if plan.signing is not None:
        started = datetime.now(UTC)
        sign_file(
            str(tmp), plan.signing, reason=plan.sign_reason, location=plan.sign_location
        )
        sign_seconds = (datetime.now(UTC) - started).total_seconds()
    os.replace(tmp, out)
    os.chmod(out, 0o600)  # a learner's whole portfolio: readable by the app only
    digest = hashlib.sha256()
    with out.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return MergeResult(
        len(writer.pages),
        digest.hexdigest(),
        out.stat().st_size,
        peak,
        pdfa,
        sign_seconds,
    )
