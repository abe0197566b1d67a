"""Render trusted HTML to PDF bytes with our print CSS, fonts and fetcher."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from portfolio.pdf.fetcher import RestrictedFetcher

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
PRINT_CSS = STATIC_DIR / "css" / "print.css"


@dataclass(frozen=True)
class Rendered:
    """A rendered PDF, its page count and the URLs the fetcher refused."""

    pdf: bytes
    pages: int
    refused: tuple[str, ...]
    anchors: dict[str, int]  # element id -> page index (0-based) where it starts


@cache
def _print_css(css_path: Path, _mtime: float) -> tuple[CSS, FontConfiguration]:
    """The parsed print CSS and its fonts, kept for the life of the process.

    Parsing the stylesheet and loading its @font-face fonts costs more than
    laying out a short part, so each pool worker does it once (again only if
    print.css changes on disk).
    """
    fonts = FontConfiguration()
    fetcher = RestrictedFetcher([css_path.parent.parent])
    css = CSS(filename=str(css_path), url_fetcher=fetcher, font_config=fonts)
    return css, fonts


def html_to_pdf(
    html: str,
    *,
    roots: Iterable[str | Path] = (),
    static_dir: Path = STATIC_DIR,
    metadata: bool = True,
    tagged: bool = True,
) -> Rendered:
    """Render ``html``; relative URLs resolve in the static folder.

    Only files under the static folder and ``roots`` (the storage folder) can be
    loaded; anything else is refused and left out of the document. ``tagged``
    writes a tagged PDF/UA-1 file (structure tree, language, alternative text).
    """
    fetcher = RestrictedFetcher([static_dir, *roots])
    css_path = static_dir / "css" / "print.css"
    css, fonts = _print_css(css_path, css_path.stat().st_mtime)
    document = HTML(
        string=html, base_url=str(static_dir) + "/", url_fetcher=fetcher
    ).render(stylesheets=[css], font_config=fonts)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    pdf = document.write_pdf(
        custom_metadata=metadata, pdf_variant="pdf/ua-1" if tagged else None
    )
    return Rendered(pdf, len(document.pages), tuple(fetcher.refused), anchors)
