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
from pikepdf import Array, Dictionary, Name, Pdf

from portfolio.pdf.tagging import content_list

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


def _font_object(pdf: Pdf) -> Dictionary:
    """The embedded TrueType font dictionary the stamp uses."""
    font = stamp_font()
    program = pdf.make_stream(font.program, Length1=len(font.program))
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/STAMPA+DejaVuSans"),
        Flags=32,
        FontBBox=Array(list(font.bbox)),
        ItalicAngle=0,
        Ascent=font.ascent,
        Descent=font.descent,
        CapHeight=font.cap_height,
        StemV=80,
        FontFile2=program,
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/STAMPA+DejaVuSans"),
            FirstChar=FIRST,
            LastChar=LAST,
            Widths=Array(list(font.widths)),
            Encoding=Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def _dictionary(parent: Dictionary, key: Name) -> Dictionary:
    """``parent[key]`` as a dictionary, added empty if it is missing."""
    value = parent.get(key)
    if not isinstance(value, Dictionary):
        parent[key] = Dictionary()
        value = parent[key]
    assert isinstance(value, Dictionary)
    return value


def stamp(pdf: Pdf, footer: str, foreign_pages: set[int]) -> None:
    """Draw ``footer`` and "Page x of y" at the foot of every page."""
    font = _font_object(pdf)
    opening = pdf.make_stream(b"q\n")
    total = len(pdf.pages)
    for index, page in enumerate(pdf.pages):
        obj = page.obj
        fonts = _dictionary(_dictionary(obj, Name.Resources), Name.Font)
        fonts[Name.FStamp] = font
        box = page.mediabox
        width = float(box[2]) - float(box[0])
        ops = stamp_ops(
            footer, f"Page {index + 1} of {total}", width, index in foreign_pages
        )
        obj[Name.Contents] = Array([opening, *content_list(obj), pdf.make_stream(ops)])
