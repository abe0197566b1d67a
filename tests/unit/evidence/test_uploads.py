"""Upload checks: type from content, parse, limits, names (SECURITY #25-#28)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from portfolio.errors import ValidationError
from portfolio.evidence.domain.files import clean_name
from portfolio.evidence.services.uploads import check_upload
from tests.integration.evidence.helpers import (
    jpeg_bytes,
    ooxml_bytes,
    pdf_bytes,
    png_bytes,
)

LIMIT = 5 * 1024 * 1024


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares huge dimensions (pixel flood)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = b"IDAT" + zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat) - 4)
        + idat
        + struct.pack(">I", zlib.crc32(idat))
    )


def _bomb() -> bytes:
    """A DOCX whose entries declare more than the limit when unpacked."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:t>x</w:t>")
        z.writestr("word/media/big.bin", b"\x00" * (210 * 1024 * 1024))
    return out.getvalue()


POSITIVE = [
    ("report.pdf", pdf_bytes, "application/pdf"),
    ("photo.png", png_bytes, "image/png"),
    ("photo.JPG", jpeg_bytes, "image/jpeg"),
    ("photo.jpeg", jpeg_bytes, "image/jpeg"),
    (
        "form.docx",
        lambda: ooxml_bytes("docx", "Order 42"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "sheet.xlsx",
        lambda: ooxml_bytes("xlsx", "Qty"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("notes.txt", lambda: "Plain notes, £5.".encode(), "text/plain"),
]


@pytest.mark.parametrize(("name", "make", "media"), POSITIVE)
def test_allowed_types_are_accepted(name, make, media) -> None:
    checked = check_upload(make(), name, max_bytes=LIMIT)
    assert checked.media_type == media and checked.name == name


def test_text_is_extracted_for_the_personal_data_warning() -> None:
    assert (
        "Order 42"
        in check_upload(ooxml_bytes("docx", "Order 42"), "a.docx", max_bytes=LIMIT).text
    )
    assert "Hale" in check_upload(pdf_bytes(), "a.pdf", max_bytes=LIMIT).text
    assert (
        "Qty"
        in check_upload(ooxml_bytes("xlsx", "Qty"), "a.xlsx", max_bytes=LIMIT).text
    )


def test_images_are_re_encoded_without_exif() -> None:
    original = jpeg_bytes()
    assert b"SecretCam" in original
    checked = check_upload(original, "a.jpg", max_bytes=LIMIT)
    assert checked.data != original and b"SecretCam" not in checked.data
    assert not Image.open(io.BytesIO(checked.data)).getexif()


NEGATIVE = [
    (
        "evil.pdf",
        lambda: b"<html><script>alert(1)</script></html>",
        "content is not one",
    ),
    (
        "poly.pdf",
        lambda: b"%PDF-1.4\n<html><script>alert(1)</script></html>",
        "not a valid PDF",
    ),
    ("js.pdf", lambda: pdf_bytes() + b"\n% /JavaScript trailer payload\n", "scripts"),
    ("a.pdf.html", pdf_bytes, "must be a PDF"),
    ("a.php%00.pdf", pdf_bytes, "control characters"),
    ("a.php\x00.pdf", pdf_bytes, "control characters"),
    ("a.php.pdf", pdf_bytes, "second, unsafe extension"),
    ("image.svg", lambda: b"<svg onload=alert(1)/>", "must be a PDF"),
    ("macro.docm", lambda: ooxml_bytes("docx"), "must be a PDF"),
    (
        "macro.docx",
        lambda: ooxml_bytes("docx", extra={"word/vbaProject.bin": b"x"}),
        "macros",
    ),
    (
        "xxe.docx",
        lambda: ooxml_bytes(
            "docx",
            '</w:t><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:t>&e;',
        ),
        "unsafe XML",
    ),
    ("bomb.docx", _bomb, "too large when unpacked"),
    ("flood.png", lambda: _png_header(50_000, 50_000), "too large"),
    ("empty.pdf", lambda: b"", "empty"),
    ("a" * 300 + ".pdf", pdf_bytes, "200 characters"),
    ("pdf-as.docx", pdf_bytes, "content is not one"),
    ("png-as.jpg", png_bytes, "content is not one"),
    ("page.txt", lambda: b"<!doctype html><html><body>x</body></html>", "web page"),
    ("latin1.txt", lambda: "caf\xe9".encode("latin-1"), "UTF-8"),
    ("binary.txt", lambda: b"abc\x00def", "binary"),
    ("fake.xlsx", lambda: ooxml_bytes("docx"), "not a valid Excel"),
    ("noext", pdf_bytes, "must be a PDF"),
]


@pytest.mark.parametrize(("name", "make", "message"), NEGATIVE)
def test_bad_files_are_refused_with_a_clear_message(name, make, message) -> None:
    with pytest.raises(ValidationError) as exc:
        check_upload(make(), name, max_bytes=LIMIT)
    assert exc.value.field == "file"
    assert message in str(exc.value)


def test_size_limit_has_a_clear_message() -> None:
    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        check_upload(b"x" * (1024 * 1024 + 1), "a.txt", max_bytes=1024 * 1024)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("C:\\fakepath\\report.pdf", "report.pdf"), (" Ok.PDF ", "Ok.PDF")],
)
def test_paths_are_stripped_from_names(raw, expected) -> None:
    assert clean_name(raw)[0] == expected


@pytest.mark.parametrize("raw", ["../../app/report.pdf", "..\\..\\x.pdf", "/etc/x.pdf"])
def test_traversal_names_are_refused(raw) -> None:
    with pytest.raises(ValidationError, match="folder names"):
        clean_name(raw)
