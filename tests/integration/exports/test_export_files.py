"""Whole export files: well-formed (qpdf) at several sizes, and no wasted pages."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from portfolio.devdata.export_fixture import sample_report
from portfolio.exports.services.pipeline import BuildResult, Settings, build_pdf
from portfolio.pdf.signing import SigningKey, check_signature, create_self_signed

EXPORT_ID = "00000000-test-0000-0000-000000000015"
MIN_LINES = 3


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> SigningKey:
    path = tmp_path_factory.mktemp("key") / "centre.p12"
    create_self_signed(path, "pw", common_name="Centre", organisation="Centre")
    return SigningKey(str(path), "pw")


def _export(items: int, folder: Path, key: SigningKey) -> tuple[Path, BuildResult, str]:
    storage = folder / "storage"
    report = sample_report(items, storage)
    settings = Settings(
        storage_root=storage,
        cache_dir=folder / "cache",
        verify_url="https://portfolio.example/verify",
        signing=key,
    )
    out = folder / f"export-{items}.pdf"
    result = build_pdf(report, export_id=EXPORT_ID, out_path=out, settings=settings)
    return out, result, report.running_title


@pytest.mark.parametrize(
    "items", [0, 10, pytest.param(100, marks=pytest.mark.slow, id="100-slow")]
)
def test_qpdf_check_passes_on_signed_exports(items, tmp_path, key) -> None:
    out, result, _title = _export(items, tmp_path, key)
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True)
    report = check.stdout.decode()
    assert check.returncode == 0, report[-2000:]
    assert "No syntax or stream encoding errors" in report
    assert result.pages >= 3 + items // 2
    assert check_signature(out.read_bytes(), None).whole_file


def _page_lines(pdf: Path, page: int, running: str) -> list[str]:
    """Body text lines of one page (without the running title and the stamp)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [
        line
        for line in lines
        if not line.startswith("Export ID") and running not in line
    ]


def test_no_page_is_nearly_empty_except_a_sections_last(tmp_path, key) -> None:
    out, result, running = _export(12, tmp_path, key)
    starts = sorted({e.page for e in result.contents})
    appended = {e.page for e in result.contents if e.title.startswith("Appended")}
    thin = []
    for page in range(1, result.pages + 1):
        start = max(s for s in starts if s <= page)
        following = [s for s in starts if s > page]
        last_of_section = not following or following[0] == page + 1
        if last_of_section or start in appended:
            continue
        lines = _page_lines(out, page, running)
        if len(lines) < MIN_LINES:
            thin.append((page, lines))
    assert not thin, thin
