"""Merge rendered parts and appended PDFs; stamp, bookmark and describe the file.

Runs in a pool worker, so that the memory pypdf needs for a large document is
never held by the web process. The stamp (the plan's footer, e.g. "Export ID
<id>", and "Page x of y") is drawn at merge time because the total is known only
then, and because it keeps the per-part cache independent of any one document.
"""

from __future__ import annotations

import hashlib
import os
import resource
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)

# Helvetica advance widths (per 1000 em) for the characters a stamp uses.
_WIDTHS = {c: 556 for c in "0123456789abcdeghnopqu"}
_WIDTHS.update({" ": 278, "P": 667, "E": 667, "f": 278, "x": 500, "t": 278, "r": 333})
_WIDTHS.update({"-": 333, "i": 222, "l": 222, "I": 278, "D": 722, ":": 278})
_SIZE = 7.5
_MARGIN = 51.0  # 18 mm, the side margin of print.css
_BASELINE = 30.0


@dataclass(frozen=True)
class Source:
    """A PDF file to append, and whether its pages are our own parts."""

    path: str
    foreign: bool = False  # an uploaded PDF: give the stamp a white background


@dataclass(frozen=True)
class MergePlan:
    """Everything the merge step needs (picklable, no app or database)."""

    sources: tuple[Source, ...]
    out_path: str
    footer: str  # printed at the foot of every page, left of "Page x of y"
    outline: tuple[tuple[str, int, int], ...]  # title, level, first page (1-based)
    metadata: dict[str, str] = field(default_factory=dict)
    attachments: tuple[tuple[str, str], ...] = ()  # (name, path)


@dataclass(frozen=True)
class MergeResult:
    """The written file's page count, SHA-256, size and the worker's peak RSS."""

    pages: int
    sha256: str
    size: int
    worker_peak_mib: float


def _width(text: str) -> float:
    """Width of ``text`` in points at the stamp's size."""
    return sum(_WIDTHS.get(c, 556) for c in text) * _SIZE / 1000


def _escape(text: str) -> bytes:
    """A PDF literal string."""
    raw = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return raw.encode("latin-1", "replace")


def stamp_ops(left: str, right: str, width: float, foreign: bool) -> bytes:
    """Content-stream operators drawing the footer line on a page ``width`` wide."""
    ops = [b"Q q"]
    if foreign:
        ops.append(f"1 g 0 0 {width:.2f} {_BASELINE + 12:.2f} re f".encode())
    ops.append(b"0.31 0.35 0.37 rg BT /FStamp %.1f Tf" % _SIZE)
    ops.append(
        b"1 0 0 1 %.2f %.2f Tm (" % (_MARGIN, _BASELINE) + _escape(left) + b") Tj"
    )
    x = width - _MARGIN - _width(right)
    ops.append(b"1 0 0 1 %.2f %.2f Tm (" % (x, _BASELINE) + _escape(right) + b") Tj")
    ops.append(b"ET Q")
    return b"\n".join(ops) + b"\n"


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    """Add a content stream object and return its reference."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _dictionary(parent: DictionaryObject, key: str) -> DictionaryObject:
    """``parent[key]`` resolved to a dictionary, added empty if it is missing."""
    value = parent.get(key)
    value = value.get_object() if value is not None else None
    if not isinstance(value, DictionaryObject):
        value = DictionaryObject()
        parent[NameObject(key)] = value
    return value


def stamp(writer: PdfWriter, footer: str, foreign_pages: set[int]) -> None:
    """Draw ``footer`` and "Page x of y" at the foot of every page."""
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    opening = _stream(writer, b"q\n")
    total = len(writer.pages)
    for index, page in enumerate(writer.pages):
        fonts = _dictionary(_dictionary(page, "/Resources"), "/Font")
        fonts[NameObject("/FStamp")] = font
        width = float(page.mediabox.width)
        ops = stamp_ops(
            footer,
            f"Page {index + 1} of {total}",
            width,
            index in foreign_pages,
        )
        contents = page.get("/Contents")
        existing = contents.get_object() if contents is not None else ArrayObject()
        refs = list(existing) if isinstance(existing, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [opening, *refs, _stream(writer, ops)]
        )


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


def merge(plan: MergePlan) -> MergeResult:
    """Write the merged, stamped, bookmarked file and return its fingerprint."""
    writer = PdfWriter()
    foreign: set[int] = set()
    for source in plan.sources:
        before = len(writer.pages)
        writer.append(PdfReader(source.path), import_outline=False)
        if source.foreign:
            foreign.update(range(before, len(writer.pages)))
    stamp(writer, plan.footer, foreign)
    link_pages(writer)
    _outline(writer, plan.outline)
    writer.add_metadata({f"/{k}": v for k, v in plan.metadata.items()})
    writer.page_mode = "/UseOutlines"
    for name, path in plan.attachments:
        writer.add_attachment(name, Path(path).read_bytes())
    out = Path(plan.out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        writer.write(fh)
    os.replace(tmp, out)
    digest = hashlib.sha256()
    with out.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return MergeResult(len(writer.pages), digest.hexdigest(), out.stat().st_size, peak)
