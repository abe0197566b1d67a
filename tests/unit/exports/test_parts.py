"""Report to HTML parts: plain data in, escaped HTML out, stable cache keys."""

import dataclasses
from datetime import UTC, datetime

import pytest

from portfolio.devdata.export_fixture import sample_report
from portfolio.evidence.domain.kinds import Kind
from portfolio.exports.domain import report as r
from portfolio.exports.services import html as pdf_html
from portfolio.exports.services import parts
from portfolio.pdf.assemble import Entry
from portfolio.pdf.stamp import stamp_ops


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return sample_report(12, tmp_path_factory.mktemp("store"), files=False)


def _html(part, report, tmp_path) -> str:
    return pdf_html.render_html(part, report, tmp_path)


def test_every_part_is_a_complete_document_with_the_running_title(
    report, tmp_path
) -> None:
    every = [
        *parts.front_parts(report, "https://x/verify"),
        *parts.body_parts(report),
        *parts.back_parts(report, "https://x/verify"),
    ]
    assert len(every) == 1 + 1 + 12 + 2
    for part in every:
        html = _html(part, report, tmp_path)
        assert html.startswith("<!doctype html>")
        assert 'class="running">Jordan Avery · HSO Handle sales orders<' in html


def test_matrix_lists_every_criterion_code(report, tmp_path) -> None:
    matrix = next(p for p in parts.body_parts(report) if p.key == "matrix")
    html = _html(matrix, report, tmp_path)
    for criterion in report.criteria:
        assert f'<td class="code">{criterion.code}</td>' in html


def test_user_text_is_escaped(report, tmp_path) -> None:
    hostile = '<img src="file:///etc/passwd"><link href="http://169.254.169.254/">'
    item = dataclasses.replace(report.evidence[0], title=hostile, description=hostile)
    html = _html(parts.evidence_part(item), report, tmp_path)
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html


def test_testimony_shows_hash_and_tamper_marker(report, tmp_path) -> None:
    sig = r.Signature(
        "Sam",
        "sam@x",
        "Supervisor",
        "Manager",
        datetime(2026, 3, 1, tzinfo=UTC),
        "ab" * 32,
        verified=False,
    )
    item = dataclasses.replace(
        report.evidence[0],
        kind=Kind.WITNESS_TESTIMONY,
        body=r.Testimony("I saw it.", "Sam", "Supervisor", sig),
    )
    html = _html(parts.evidence_part(item), report, tmp_path)
    # the hash, in eight groups of eight that a line may break between only
    assert " ".join(["abababab"] * 8) in html and "ab" * 32 not in html
    assert "Altered after signature" in html


def test_cache_key_changes_with_content_only(report, tmp_path) -> None:
    part = parts.evidence_part(report.evidence[3])
    same = parts.evidence_part(report.evidence[3])
    changed = parts.evidence_part(dataclasses.replace(report.evidence[3], version=9))
    key = pdf_html.html_key(_html(part, report, tmp_path))
    assert key == pdf_html.html_key(_html(same, report, tmp_path))
    assert key != pdf_html.html_key(_html(changed, report, tmp_path))


def test_contents_lists_entries_with_pages(report, tmp_path) -> None:
    html = _html(parts.contents_part([Entry("E1 Order", 2, 7)]), report, tmp_path)
    # the number stays outside the link (one tagged Link per entry)
    assert '<span class="page">7</span><a href="x-page:7">E1 Order</a></div>' in html


def test_stamp_draws_export_id_and_page_number() -> None:
    ops = stamp_ops("Export ID abc", "Page 3 of 9", 595.0, foreign=True)
    assert b"(Export ID abc) Tj" in ops and b"(Page 3 of 9) Tj" in ops
    assert b" re f" in ops  # a white box under the stamp on uploaded pages
    assert ops.startswith(b"Q q /Artifact")  # screen readers skip the stamp
    assert ops.rstrip().endswith(b"EMC Q")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("order_form", ["Order lines", "Net", "VAT", "Total", "Requested delivery"]),
        ("confirmation_email", ["To:", "Subject:", "Sent:", "s reply"]),
        ("follow_up_record", ["Follow-up contacts", "Issues and actions"]),
    ],
)
def test_simulator_documents_print_as_documents(tmp_path, kind, expected) -> None:
    report = sample_report(18, tmp_path, files=False)
    item = next(
        e
        for e in report.evidence
        if e.kind == Kind.SIMULATOR_RECORD and e.body.kind == kind
    )
    html = _html(parts.evidence_part(item), report, tmp_path)
    for text in expected:
        assert text in html, text
    assert "marking points met in this run" in html


def test_batches_end_after_appended_pdfs_and_keep_every_item(tmp_path) -> None:
    report = sample_report(40, tmp_path)
    body = list(parts.body_parts(report))
    batches = parts.batched(body, parts.batch_size(40, 2))
    members = [m.key for b in batches for m in b.members]
    assert members == [p.key for p in body]
    for batch in batches:
        assert all(not m.appended for m in batch.members[:-1])
        assert len(batch.members) <= parts.MAX_BATCH


def test_one_changed_item_changes_only_its_batch_key(report, tmp_path) -> None:
    def keys(rep) -> list[str]:
        body = parts.batched(list(parts.body_parts(rep)), 4)
        return [pdf_html.html_key(_html(p, rep, tmp_path)) for p in body]

    items = list(report.evidence)
    items[5] = dataclasses.replace(items[5], description="Amended.")
    before, after = (
        keys(report),
        keys(dataclasses.replace(report, evidence=tuple(items))),
    )
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
