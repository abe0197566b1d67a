"""The exported PDF is signed, tagged and packed for an EQA (issue 15).

Built through the learner's own path (``portfolio_client``), exported from the
web page, then read back as a PDF reader, a screen reader and an EQA would.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import re
import subprocess
import warnings
import zipfile
from datetime import timedelta

import pikepdf
import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portfolio.audit.models import AuditEvent
from portfolio.core.time import utcnow
from portfolio.exports.models import ExportShareLink, PortfolioExport
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from portfolio.pdf.signing import SigningKey, certificate_of, check_signature
from portfolio.pdf.signing import create_self_signed as make_key
from tests.conftest import login, post
from tests.web.exports.test_export_content import (  # noqa: F401 - fixture
    _export_pdf,
    portfolio_client,
)


@pytest.fixture
def signing_app(app, tmp_path):
    """The app with a (self-signed) centre key configured."""
    key = tmp_path / "centre.p12"
    make_key(key, "pw", common_name="Test Centre", organisation="Test Centre")
    app.config.update(SIGNING_P12_PATH=str(key), SIGNING_P12_PASSWORD="pw")
    return app


@pytest.fixture
def signed_pdf(signing_app, portfolio_client) -> bytes:  # noqa: F811
    return _export_pdf(signing_app, portfolio_client)


def _trusted(app):
    return certificate_of(
        SigningKey(app.config["SIGNING_P12_PATH"], app.config["SIGNING_P12_PASSWORD"])
    )


def _verify(client, pdf: bytes) -> str:
    resp = post(
        client,
        "/verify",
        {"document": (io.BytesIO(pdf), "portfolio.pdf")},
        content_type="multipart/form-data",
    )
    # Werkzeug's test client spools a body over 500 KB to a temporary file that it
    # never closes; collect it here, quietly, rather than in some later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    return resp.get_data(as_text=True)


def test_export_is_signed_verifiable_and_well_formed(
    signing_app, signed_pdf, tmp_path
) -> None:
    check = check_signature(signed_pdf, _trusted(signing_app))
    assert check.valid and check.intact and check.whole_file and check.trusted
    assert check.signer == "Test Centre"
    assert abs(check.signed_at - utcnow()) < timedelta(minutes=5)
    with signing_app.app_context():
        export = db.session.scalar(select(PortfolioExport))
        # the recorded fingerprint is of the signed bytes
        assert export.sha256 == hashlib.sha256(signed_pdf).hexdigest()
        assert export.signed
    _verify_page_checks_fingerprint_and_signature(signing_app, signed_pdf)
    _passes_qpdf_check(signed_pdf, tmp_path)


def _verify_page_checks_fingerprint_and_signature(signing_app, signed_pdf) -> None:
    client = signing_app.test_client()
    page = _verify(client, signed_pdf)
    assert "This is an unaltered export." in page
    assert "Digital signature valid." in page and "Signed by Test Centre" in page
    # One changed byte, inside the signed range: both checks fail.
    damaged = bytearray(signed_pdf)
    where = signed_pdf.index(b"/Type /Page") + 2
    damaged[where] ^= 0x01
    assert not check_signature(bytes(damaged), _trusted(signing_app)).intact
    page = _verify(client, bytes(damaged))
    assert "This does not match any export." in page
    assert "The digital signature is broken" in page
    # Bytes appended after signing: the signature no longer covers the file.
    extended = signed_pdf + b"\n% appended\n"
    assert not check_signature(extended, _trusted(signing_app)).whole_file
    assert "does not cover the whole file" in _verify(client, extended)


def _passes_qpdf_check(signed_pdf, tmp_path) -> None:
    path = tmp_path / "export.pdf"
    path.write_bytes(signed_pdf)
    out = subprocess.run(["qpdf", "--check", str(path)], capture_output=True)
    assert out.returncode == 0, out.stdout.decode()[-2000:]


def _walk(element, found: list) -> None:
    found.append(element)
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _walk(kid, found)


def test_export_is_tagged_with_language_title_and_alt_text(signed_pdf) -> None:
    with pikepdf.open(io.BytesIO(signed_pdf)) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert root.ViewerPreferences.DisplayDocTitle is True
        title = str(pdf.docinfo["/Title"])
        assert title.startswith("Portfolio of evidence: ")
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == title
            assert meta["pdfuaid:part"] == "1"
        elements: list = []
        _walk(root.StructTreeRoot.K[0], elements)
        assert str(elements[0].S) == "/Document"
        tags = {str(e.S) for e in elements}
        assert {"/H1", "/P", "/Table", "/Link", "/Figure"} <= tags
        figures = [e for e in elements if str(e.S) == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
        # Every page's marked content is reachable from the parent tree.
        keys = {int(p.StructParents) for p in pdf.pages}
        assert len(keys) == len(pdf.pages)
        nums = root.StructTreeRoot.ParentTree.Nums
        assert keys <= {int(nums[i]) for i in range(0, len(nums), 2)}
        assert len(pdf.Root.Outlines.First.keys()) > 0  # bookmarks
        _each_contents_entry_links_to_its_page(signed_pdf)


def _outline_pages(pdf) -> list[int]:
    pages = {p.objgen: n for n, p in enumerate(pdf.pages)}
    found: list[int] = []
    with pdf.open_outline() as outline:
        todo = list(reversed(outline.root))
        while todo:
            item = todo.pop()
            dest = item.destination or item.action.D
            found.append(pages[dest[0].objgen])
            todo.extend(reversed(item.children))
    return found


def _each_contents_entry_links_to_its_page(signed_pdf) -> None:
    """One tagged link per contents entry (a wrapped entry has several boxes)."""
    with pikepdf.open(io.BytesIO(signed_pdf)) as pdf:
        pages = {p.objgen: n for n, p in enumerate(pdf.pages)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        entries = []  # (Link element, printed number, target page)
        for page in pdf.pages:
            for annot in page.get("/Annots") or ():
                label = str(annot.get("/Contents", ""))
                if annot.get("/Subtype") != "/Link" or not label.startswith("x-page:"):
                    continue
                element = parents[int(annot.StructParent)]  # a tagged Link
                assert str(element.S) == "/Link"
                entry = (element.objgen, int(label[7:]), pages[annot.Dest[0].objgen])
                if not entries or entries[-1] != entry:
                    entries.append(entry)
        assert len(entries) >= 12
        for _page, number, target in entries:
            assert target == number - 1  # lands on the page its number names
        # the same entries, in order, as the bookmarks
        assert [target for *_n, target in entries] == _outline_pages(pdf)


def _eqa_pack_manifest_matches_every_file(signing_app, signed_pdf) -> None:
    client = signing_app.test_client()
    assert login(client, "assessor@test.example").status_code == 302
    with signing_app.app_context():
        export = db.session.scalar(select(PortfolioExport))
        public_id = export.public_id
    resp = client.get(f"/exports/{public_id}/eqa-pack.zip")
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["export_id"] == public_id
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for name, entry in listed.items():
        data = archive.read(name)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert len(data) == entry["size"]
    assert archive.read("portfolio.pdf") == signed_pdf
    assert any(n.startswith("uploads/") for n in listed)
    sims = [n for n in listed if n.startswith("simulator/")]
    assert sims
    record = json.loads(archive.read(sims[0]))
    assert record["kind"] and record["data"]


def _share(client, public_id: str, **data):
    return post(client, f"/exports/{public_id}/share", data)


def test_eqa_pack_and_link_work_until_expiry_and_are_audited(
    signing_app, signed_pdf
) -> None:
    _eqa_pack_manifest_matches_every_file(signing_app, signed_pdf)
    staff = signing_app.test_client()
    assert login(staff, "assessor@test.example").status_code == 302
    with signing_app.app_context():
        public_id = db.session.scalar(select(PortfolioExport.public_id))
    bad = _share(staff, public_id, email="not an address", days="400")
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "Enter the EQA" in page
    with signing_app.app_context():
        assert db.session.scalar(select(ExportShareLink)) is None  # nothing written
    empty = _share(staff, public_id, email="", days="a fortnight")
    assert empty.status_code == 422
    page = empty.get_data(as_text=True)
    assert "Enter the EQA&#39;s e-mail address" in page
    assert "Enter the number of days as a whole number, like 14." in page
    assert "Not a valid integer value" not in page and "(optional)" not in page
    with signing_app.app_context():
        assert db.session.scalar(select(ExportShareLink)) is None
    ok = _share(staff, public_id, email="eqa@awarding.example", days="3")
    assert ok.status_code == 302
    with signing_app.app_context():
        body = db.session.scalars(select(OutboxMessage.body)).all()[-1]
    url = re.search(r"https?://\S+(/eqa/packs/\S+)", body).group(1)
    anonymous = signing_app.test_client()
    got = anonymous.get(url)
    assert got.status_code == 200 and got.mimetype == "application/zip"
    with signing_app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "export.pack_shared" in actions
        assert "export.pack_downloaded" in actions
    with freeze_time(utcnow() + timedelta(days=3, minutes=1)):
        late = anonymous.get(url)
    assert late.status_code == 410
    assert "expired" in late.get_data(as_text=True)
    assert anonymous.get(url + "x").status_code == 404


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
def test_the_export_page_calls_the_pdf_signed_only_when_it_is(
    app,
    tmp_path,
    portfolio_client,  # noqa: F811
    signed,
) -> None:
    if signed:
        key = tmp_path / "centre.p12"
        make_key(key, "pw", common_name="Test Centre", organisation="Test Centre")
        app.config.update(SIGNING_P12_PATH=str(key), SIGNING_P12_PASSWORD="pw")
    _export_pdf(app, portfolio_client)
    with app.app_context():
        public_id = db.session.scalars(select(PortfolioExport.public_id)).one()
    page = portfolio_client.get(f"/exports/{public_id}").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert ("One ZIP with the signed PDF" in text) is signed
    assert ("Not digitally signed: no signing key is configured." in text) is not signed
    assert "One ZIP with the " in text
