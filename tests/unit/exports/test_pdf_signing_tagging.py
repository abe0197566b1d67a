"""The generic PDF steps: merged files stay tagged; signatures catch any change."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfWriter

from portfolio.pdf.merge import MergePlan, Source, merge
from portfolio.pdf.render import html_to_pdf
from portfolio.pdf.signing import (
    SigningKey,
    SigningKeyError,
    certificate_of,
    check_signature,
    create_self_signed,
    sign_file,
)

DOT = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _part(tmp_path: Path, name: str, pages: int) -> str:
    body = "".join(
        f'<section style="break-before: page"><h1>{name} {n}</h1><p>Text {n}</p>'
        f'<img src="{DOT}" alt="{name} picture {n}"><a href="x-page:1">first</a>'
        "</section>"
        for n in range(pages)
    )
    html = f'<html lang="en-GB"><head><title>{name}</title></head><body>{body}</body>'
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(html_to_pdf(html).pdf)
    return str(path)


def _upload(tmp_path: Path) -> str:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "upload.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return str(path)


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> SigningKey:
    path = tmp_path_factory.mktemp("key") / "k.p12"
    create_self_signed(path, "pw", common_name="Unit Centre", organisation="Unit")
    return SigningKey(str(path), "pw")


def _merged(tmp_path: Path, key: SigningKey | None = None) -> bytes:
    plan = MergePlan(
        sources=(
            Source(_part(tmp_path, "alpha", 2)),
            Source(_upload(tmp_path), foreign=True, description="Uploaded scan"),
            Source(_part(tmp_path, "beta", 3)),
        ),
        out_path=str(tmp_path / "out.pdf"),
        footer="Export ID test",
        outline=(("Alpha", 1, 1), ("Beta", 1, 4)),
        metadata={"Title": "Merged", "Author": "A"},
        attachments=(("scan.pdf", _upload(tmp_path)),),
        signing=key,
        sign_reason="test",
        sign_location="here",
    )
    result = merge(plan)
    assert result.pages == 6 and not result.pdfa  # an upload: PDF/UA only
    return (tmp_path / "out.pdf").read_bytes()


def _elements(pdf: pikepdf.Pdf) -> list:
    found, todo = [], [pdf.Root.StructTreeRoot.K[0]]
    while todo:
        element = todo.pop()
        found.append(element)
        kids = element.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        todo.extend(k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k)
    return found


def test_merged_parts_keep_one_structure_tree(tmp_path) -> None:
    with pikepdf.open(io.BytesIO(_merged(tmp_path))) as pdf:
        assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "en-GB"
        elements = _elements(pdf)
        figures = [e for e in elements if str(e.S) == "/Figure"]
        alts = sorted(str(f.Alt) for f in figures)
        assert alts == sorted(
            [f"alpha picture {n}" for n in range(2)]
            + [f"beta picture {n}" for n in range(3)]
            + ["Uploaded scan, page 1 of 1"]
        )
        assert len([e for e in elements if str(e.S) == "/H1"]) == 5
        # every element points at its parent, on a page of this file
        pages = {p.objgen for p in pdf.pages}
        for element in elements[1:]:
            assert "/P" in element
            if "/Pg" in element:
                assert element.Pg.objgen in pages
        keys = [int(p.StructParents) for p in pdf.pages]
        assert len(set(keys)) == len(keys)
        for page in pdf.pages:
            for annot in page.get("/Annots") or ():
                assert int(annot.StructParent) not in keys
        assert "scan.pdf" in pdf.attachments
        assert str(pdf.Root.AF[0].AFRelationship) == "/Source"


def test_signature_covers_the_file_and_any_change_breaks_it(tmp_path, key) -> None:
    data = _merged(tmp_path, key)
    trusted = certificate_of(key)
    check = check_signature(data, trusted)
    assert check.valid and check.signer == "Unit Centre"
    flipped = bytearray(data)
    flipped[len(data) // 3] ^= 0x01
    assert not check_signature(bytes(flipped), trusted).valid
    assert not check_signature(data + b"%\n", trusted).whole_file
    other = SigningKey(str(tmp_path / "other.p12"), "x")
    create_self_signed(Path(other.p12_path), "x", common_name="Else", organisation="E")
    assert not check_signature(data, certificate_of(other)).trusted
    assert not check_signature(b"%PDF-1.7 not signed", trusted).present


def test_a_missing_or_locked_key_is_refused(tmp_path, key) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(html_to_pdf("<html lang='en'><title>x</title><p>x</p>").pdf)
    with pytest.raises(SigningKeyError):
        sign_file(
            str(target),
            SigningKey(str(tmp_path / "none.p12"), ""),
            reason="",
            location="",
        )
    with pytest.raises((SigningKeyError, ValueError)):
        sign_file(
            str(target), SigningKey(key.p12_path, "wrong"), reason="", location=""
        )


def test_signing_and_checking_work_inside_a_running_event_loop(tmp_path, key) -> None:
    """A harness or worker with a loop in this thread once made every export fail."""
    import asyncio
    import threading

    async def inside_a_loop() -> bool:
        data = _merged(tmp_path, key)
        return check_signature(data, certificate_of(key)).valid

    # A thread of its own, so the loop is ours whatever the suite has running here.
    results: list[bool] = []
    worker = threading.Thread(target=lambda: results.append(asyncio.run(inside_a_loop())))
    worker.start()
    worker.join()
    assert results == [True]
