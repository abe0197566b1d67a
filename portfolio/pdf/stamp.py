"""The footer stamp drawn on every page at merge time, in an embedded font.

The stamp ("Export ID <id>" and "Page x of y") is drawn when the merged file is
written, because the total is known only then and because it keeps the part
cache independent of any one document. Its font is a subset of DejaVu Sans,
embedded (PDF/UA and PDF/A forbid unembedded fonts); the stamp is an artifact
(pagination), so screen readers skip it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

FONT_PATH = Path(__file__).resolve().parents[1] / "static" / "fonts" / "DejaVuSans.ttf"
FIRST, LAST = 32, 126  # printable ASCII, WinAnsi-encoded
_SIZE = 7.5
_MARGIN = 51.0  # 18 mm, the side margin of print.css
_BASELINE = 30.0


@dataclass(frozen=True)
class StampFont:
    """A subset TrueType font program and its metrics (1000 units per em)."""

    program: bytes
    widths: tuple[int, ...]  # FIRST..LAST
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int


@cache
def stamp_font(path: Path = FONT_PATH) -> StampFont:
    """The stamp's font, subset to printable ASCII (once per process)."""
    font = TTFont(str(path))
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    advance = font["hmtx"].metrics
    widths = tuple(
        round(advance[cmap[code]][0] * scale) if code in cmap else 0
        for code in range(FIRST, LAST + 1)
    )
    head, os2 = font["head"], font["OS/2"]
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    options.drop_tables += ["FFTM"]  # FontForge's timestamps; cannot be subset
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(FIRST, LAST + 1))
    subsetter.subset(font)
    out = BytesIO()
    font.save(out)
    return StampFont(
        out.getvalue(),
        widths,
        _bbox(head, scale),
        round(os2.sTypoAscender * scale),
        round(os2.sTypoDescender * scale),
        round(getattr(os2, "sCapHeight", 729) * scale),
    )


def _bbox(head: Any, scale: float) -> tuple[int, int, int, int]:
    """The font's bounding box in 1000 units per em."""
    x0, y0, x1, y1 = (
        round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)
    )
    return x0, y0, x1, y1


def text_width(text: str) -> float:
    """Width of ``text`` in points at the stamp's size."""
    widths = stamp_font().widths
    total = 0
    for char in text:
        code = ord(char)
        total += widths[code - FIRST] if FIRST <= code <= LAST else widths[0]
    return total * _SIZE / 1000


def _escape(text: str) -> bytes:
    """A PDF literal string (printable ASCII only)."""
    raw = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return raw.encode("ascii", "replace")


def stamp_ops(left: str, right: str, width: float, foreign: bool) -> bytes:
    """Content-stream operators drawing the footer line on a page ``width`` wide."""
    ops = [b"Q q /Artifact <</Type /Pagination /Subtype /Footer>> BDC"]
    if foreign:
        ops.append(f"1 g 0 0 {width:.2f} {_BASELINE + 12:.2f} re f".encode())
    ops.append(b"0.31 0.35 0.37 rg BT /FStamp %.1f Tf" % _SIZE)
    ops.append(
        b"1 0 0 1 %.2f %.2f Tm (" % (_MARGIN, _BASELINE) + _escape(left) + b") Tj"
    )
    x = width - _MARGIN - text_width(right)
    ops.append(b"1 0 0 1 %.2f %.2f Tm (" % (x, _BASELINE) + _escape(right) + b") Tj")
    ops.append(b"ET EMC Q")
    return b"\n".join(ops) + b"\n"


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    """Add a content stream object and return its reference."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _font_object(writer: PdfWriter) -> IndirectObject:
    """The embedded TrueType font dictionary the stamp uses."""
    font = stamp_font()
    program = DecodedStreamObject()
    program.set_data(font.program)
    program[NameObject("/Length1")] = NumberObject(len(font.program))
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/STAMPA+DejaVuSans"),
            NameObject("/Flags"): NumberObject(32),
            NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in font.bbox),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(font.ascent),
            NameObject("/Descent"): NumberObject(font.descent),
            NameObject("/CapHeight"): NumberObject(font.cap_height),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(program),
        }
    )
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/BaseFont"): NameObject("/STAMPA+DejaVuSans"),
                NameObject("/FirstChar"): NumberObject(FIRST),
                NameObject("/LastChar"): NumberObject(LAST),
                NameObject("/Widths"): ArrayObject(FloatObject(w) for w in font.widths),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                NameObject("/FontDescriptor"): writer._add_object(descriptor),
            }
        )
    )


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
    font = _font_object(writer)
    opening = _stream(writer, b"q\n")
    total = len(writer.pages)
    for index, page in enumerate(writer.pages):
        fonts = _dictionary(_dictionary(page, "/Resources"), "/Font")
        fonts[NameObject("/FStamp")] = font
        width = float(page.mediabox.width)
        ops = stamp_ops(
            footer, f"Page {index + 1} of {total}", width, index in foreign_pages
        )
        contents = page.get("/Contents")
        existing = contents.get_object() if contents is not None else ArrayObject()
        refs = list(existing) if isinstance(existing, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [opening, *refs, _stream(writer, ops)]
        )
