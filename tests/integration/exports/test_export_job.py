"""An export job on SQLite and PostgreSQL produces a complete, verifiable PDF."""

from __future__ import annotations

import re
from io import BytesIO

import pdfplumber
import pytest
from pypdf import PdfReader
from sqlalchemy import text

from portfolio.audit.models import AuditEvent
from portfolio.errors import NotFoundError
from portfolio.exports import services
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from portfolio.framework.models import Criterion
from tests.factories import make_people
from tests.integration.exports.portfolio_fixture import APPENDED_PAGES, build_portfolio


@pytest.fixture
def exported(session, db_app):
    """A finished export of a portfolio with every kind of evidence."""
    people = make_people(session)
    made = build_portfolio(session, db_app, people)
    export = services.start_export(
        session, people["learner"].id, actor=people["assessor"]
    )
    session.commit()
    jobs.execute(export.id)
    session.expire_all()
    export = session.get(PortfolioExport, export.id)
    path = services.export_path(db_app.config["STORAGE_DIR"], export)
    return people, made, export, path


def _texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_export_is_complete_and_well_formed(session, exported) -> None:
    people, made, export, path = exported
    assert export.status == ExportStatus.DONE, export.error
    reader = PdfReader(path)
    pages = _texts(path)
    assert len(reader.pages) == export.page_count == len(pages)
    # The export id and "Page x of y" on every page.
    for number, page in enumerate(pages, start=1):
        assert f"Export ID {export.public_id}" in page
        assert f"Page {number} of {len(pages)}" in page
    # Contents entries point at the pages that carry those headings.
    contents = next(p for p in pages if p.startswith("Contents") or "\nContents\n" in p)
    for item in made.values():
        if not hasattr(item, "current"):
            continue
        ref = f"E{item.id}"
        match = re.search(rf"^{ref} .*?(\d+)$", contents, re.M)
        assert match, f"{ref} missing from contents"
        target = pages[int(match.group(1)) - 1]
        assert f"{ref} · " in target and f"{ref} {item.current.title[:20]}" in target
    # Every criterion code appears in the coverage matrix.
    matrix = next(p for p in pages if "Coverage matrix" in p.split("\n", 3)[1])
    for code in session.scalars(
        Criterion.__table__.select().with_only_columns(Criterion.code)
    ):
        assert re.search(rf"\b{code}\b", matrix), code
    # The signed testimony's hash is printed.
    # (printed in groups of eight, so that no line wraps a lone character)
    assert made["testimony_row"].content_sha256 in "".join(
        "".join(p.split()) for p in pages
    )
    # The uploaded PDF's pages are appended after its item, and listed.
    appended = re.search(r"Appended file: note\.pdf.*?(\d+)$", contents, re.M)
    first = int(appended.group(1))
    for n in range(first, first + APPENDED_PAGES):
        assert (
            pages[n - 1].strip().startswith("Export ID")
        )  # blank uploaded pages, stamped
    # Bookmarks and metadata.
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert {"Cover", "Contents", "Coverage matrix", "Evidence"} <= set(titles)
    assert reader.metadata.title.startswith("Portfolio of evidence")
    assert reader.metadata.author == people["learner"].display_name


def test_hostile_text_is_printed_not_fetched(exported) -> None:
    _, _, export, path = exported
    text_all = "\n".join(_texts(path))
    assert "file:///etc/passwd" in text_all or "etc/passwd" in text_all
    assert "@import url(http://x)" in text_all


def test_export_is_audited_with_its_hash(session, exported) -> None:
    _, _, export, _ = exported
    events = session.query(AuditEvent).filter_by(action="export.completed").all()
    assert len(events) == 1 and export.sha256 in events[0].details


def test_verification_accepts_the_file_and_rejects_one_changed_byte(
    session, exported
) -> None:
    _, _, export, path = exported
    data = bytearray(path.read_bytes())
    assert (
        services.verify_sha(session, services.sha256_of(BytesIO(bytes(data)))).id
        == export.id
    )
    data[len(data) // 2] ^= 0x01
    assert (
        services.verify_sha(session, services.sha256_of(BytesIO(bytes(data)))) is None
    )


def _without_testimony_triggers(session) -> None:
    """Drop (SQLite) or disable (PostgreSQL) the triggers guarding signed testimony."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE testimony DISABLE TRIGGER USER"))
        return
    names = session.scalars(
        text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'testimony'"
        )
    ).all()
    for name in names:
        session.execute(text(f'DROP TRIGGER "{name}"'))


def test_tampered_testimony_is_marked(session, db_app, exported) -> None:
    people, made, _, _ = exported
    _without_testimony_triggers(session)  # a tamperer with the database's rights
    session.execute(
        text("UPDATE testimony SET statement = 'edited' WHERE id = :i"),
        {"i": made["testimony_row"].id},
    )
    session.commit()
    again = services.start_export(session, people["learner"].id, actor=people["admin"])
    session.commit()
    jobs.execute(again.id)
    session.expire_all()
    path = services.export_path(db_app.config["STORAGE_DIR"], again)
    assert "Altered after signature" in "\n".join(_texts(path))


def test_other_learners_exports_are_not_found(session, exported) -> None:
    people, _, export, _ = exported
    with pytest.raises(NotFoundError):
        services.get_export(session, export.public_id, actor=people["assessor_b"])
    with pytest.raises(NotFoundError):
        services.start_export(session, people["learner"].id, actor=people["learner_b"])
    assert (
        services.get_export(session, export.public_id, actor=people["iqa"]).id
        == export.id
    )


def test_simulator_order_form_prints_its_lines_and_totals(exported) -> None:
    _, made, _, path = exported
    ref = f"E{made['simulator'].id}"
    pages = [p for p in _texts(path) if f"{ref} · Simulator record" in p]
    text_all = "\n".join(pages)
    assert "sales order form" in text_all.lower() and "SO-00042" in text_all
    assert "Acme Office Supplies Ltd (account ACC-2001)" in text_all
    assert "9 Mar 2026" in text_all
    assert re.search(r"PAP-A4-80-BOX .*2 £21\.99 0% £43\.98", text_all)
    assert re.search(r"CHR-OPR-MESH-BLK .*3 £124\.50 5% £354\.83", text_all)
    assert re.search(r"Net £398\.81\s+VAT £79\.76\s+Total £478\.57", text_all)
    assert "Discount not approved" in text_all and "1 of 2" in text_all
