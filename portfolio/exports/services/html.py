"""The report's parts as complete HTML documents, and the keys they are cached by.

Templates under ``templates/exports/pdf/`` get plain report data only. A part's
cache key covers its HTML plus the print CSS, fonts and these templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from portfolio.core.filters import money, uk_date, uk_datetime
from portfolio.evidence.domain.kinds import Kind
from portfolio.exports.domain.report import PortfolioReport
from portfolio.exports.services.parts import Part
from portfolio.pdf.cache import HtmlPart, cache_key, files_digest, print_assets

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
PDF_TEMPLATES = TEMPLATES / "exports" / "pdf"
# Bump when the rendering code changes in a way the HTML does not show.
RENDERER_VERSION = "4"
DRAFT_WATERMARK = "Draft — not for assessment"


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


def hash_groups(value: str | None) -> Markup:
    """A hex digest in groups of eight that never break inside (no lone wraps).

    Plain words, no element per group: a line may break only at the spaces
    (Unicode line breaking never splits a run of letters and digits), and
    WeasyPrint lays out plain text far faster than an inline box per group
    (a 100-item manifest took 1.1 s with spans, 0.45 s without).
    """
    text = value or ""
    return Markup(" ").join(escape(text[i : i + 8]) for i in range(0, len(text), 8))


@lru_cache(maxsize=256)
def qr_svg(url: str, label: str = "") -> Markup:
    """An inline SVG QR code of ``url``, with alternative text (segno).

    Kept per address: the cover and manifest of every export show the same
    verification link, and encoding it costs about 7 ms each time.
    """
    text = label or f"QR code linking to {url}"
    # The <title> is the figure's alternative text in the tagged PDF.
    svg = segno.make(url, error="m").svg_inline(
        scale=2, border=2, omitsize=False, title=text
    )
    alt = escape(text)
    return (
        Markup('<span class="qr" role="img" aria-label="%s">') % alt
        + Markup(svg)
        + Markup("</span>")
    )


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
    env.filters.update(hash_groups=hash_groups, qr_svg=qr_svg)
    env.globals.update(Kind=Kind)
    return env


@cache
def style_version() -> str:
    """A digest of the print CSS, the fonts and the PDF templates."""
    files = [*print_assets(), *sorted(PDF_TEMPLATES.glob("*"))]
    return files_digest(files, RENDERER_VERSION)


def storage_url_for(root: Path) -> Callable[[str], Markup]:
    """A template function giving the file: URL of a stored file under ``root``."""

    def storage_url(relative: str) -> Markup:
        return Markup((root / relative).resolve().as_uri())

    return storage_url


def render_html(part: Part, report: PortfolioReport, storage_root: Path) -> str:
    """The complete HTML document of one part."""
    template = environment().get_template("exports/pdf/_part.html")
    return template.render(
        part=part,
        doc_title=part.title,
        running_title=report.running_title,
        watermark=DRAFT_WATERMARK if report.drafts else "",
        storage_url=storage_url_for(storage_root),
    )


def render_document(
    parts: list[Part], report: PortfolioReport, storage_root: Path
) -> str:
    """All parts as one HTML document (the naive single render)."""
    template = environment().get_template("exports/pdf/document.html")
    return template.render(
        parts=parts,
        doc_title=report.cover.learner_name,
        running_title=report.running_title,
        watermark=DRAFT_WATERMARK if report.drafts else "",
        storage_url=storage_url_for(storage_root),
    )


def html_key(html: str) -> str:
    """The cache key of a part's HTML."""
    return cache_key(html, style_version())


def html_parts(
    parts: Iterable[Part], report: PortfolioReport, storage_root: Path
) -> Iterator[HtmlPart]:
    """Each part's HTML and cache key, rendered only as it is asked for."""
    for part in parts:
        html = render_html(part, report, storage_root)
        yield HtmlPart(part.key, html, html_key(html))
