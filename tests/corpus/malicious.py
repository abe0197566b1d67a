"""The malicious-upload corpus (issue 16): every file here must be refused.

Built in code rather than committed as binaries, so that no real malware sits in the
repository: the EICAR string is the anti-virus test file every scanner detects.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from tests.integration.evidence.helpers import ooxml_bytes, pdf_bytes, png_bytes

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Specimen:
    """One hostile upload: its name, bytes, what the refusal must say, and why."""

    key: str
    name: str
    data: bytes
    message: str
    needs_scanner: bool = False


def _pdf_with(action: DictionaryObject, *, open_action: bool = False) -> bytes:
    """A one-page PDF whose link annotation (or OpenAction) carries ``action``."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if open_action:
        writer._root_object[NameObject("/OpenAction")] = action
    else:
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    [FloatObject(v) for v in (0, 0, 99, 99)]
                ),
                NameObject("/A"): action,
            }
        )
        writer.add_annotation(0, annot)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, **entries: str) -> DictionaryObject:
    """An action dictionary ``<< /S /kind ... >>``."""
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def _raw_pdf(*objects: bytes) -> bytes:
    """A PDF written by hand from object bodies, with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _escaped_name_js() -> bytes:
    """``/JavaScript`` spelt ``/J#61vaScript`` so a byte search does not see it."""
    return _raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] "
        b"/A << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>",
    )


def _png_flood() -> bytes:
    """A PNG whose header declares 50,000 x 50,000 pixels (decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(body))
        + tag
        + body
        + struct.pack(">I", zlib.crc32(tag + body))
        for tag, body in ((b"IHDR", ihdr), (b"IDAT", idat), (b"IEND", b""))
    )


def _zip_bomb() -> bytes:
    """A DOCX with one 100 MB part of zeros that packs to about 100 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:t>x</w:t>")
        z.writestr("word/media/image1.png", b"\x00" * (100 * 1024 * 1024))
    return out.getvalue()


def _types_with_vba() -> bytes:
    """A DOCX whose content types declare a VBA project under an innocent name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/word/styles2.xml" '
            'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document><w:t>Hi</w:t></w:document>")
        z.writestr("word/styles2.xml", "<x/>")
    return out.getvalue()


@cache
def corpus() -> tuple[Specimen, ...]:
    """Every hostile specimen, with the words its refusal must contain."""
    pdf = pdf_bytes()
    return (
        Specimen("eicar", "notes.txt", EICAR, "virus scanner found", True),
        Specimen(
            "eicar_in_pdf", "order.pdf", pdf + b"\n" + EICAR, "virus scanner", True
        ),
        Specimen(
            "eicar_in_docx",
            "form.docx",
            ooxml_bytes("docx", extra={"word/media/a.txt": EICAR}),
            "virus scanner",
            True,
        ),
        Specimen(
            "renamed_macro",
            "form.docx",
            ooxml_bytes(
                "docx", extra={"word/media/image7.png": OLE_MAGIC + b"\x00" * 504}
            ),
            "macros",
        ),
        Specimen("vba_content_type", "form.docx", _types_with_vba(), "macros"),
        Specimen(
            "vba_named",
            "form.docx",
            ooxml_bytes("docx", extra={"word/vbaProject.bin": b"x"}),
            "macros",
        ),
        Specimen(
            "javascript_uri",
            "order.pdf",
            _pdf_with(_action("/URI", URI="javascript:alert(document.cookie)")),
            "runs a script",
        ),
        Specimen(
            "spaced_javascript_uri",
            "order.pdf",
            _pdf_with(_action("/URI", URI=" JavaScript :alert(1)")),
            "runs a script",
        ),
        Specimen(
            "launch", "order.pdf", _pdf_with(_action("/Launch", F="cmd.exe")), "scripts"
        ),
        Specimen("escaped_js", "order.pdf", _escaped_name_js(), "scripts"),
        Specimen(
            "open_action_js",
            "order.pdf",
            _pdf_with(_action("/JavaScript", JS="app.alert(1)"), open_action=True),
            "scripts",
        ),
        Specimen(
            "html_as_pdf",
            "invoice.pdf",
            b"<!doctype html><html><script>alert(1)</script></html>",
            "content is not one",
        ),
        Specimen(
            "pdf_html_polyglot",
            "invoice.pdf",
            b"%PDF-1.4\n<html><script>alert(1)</script></html>",
            "not a valid PDF",
        ),
        Specimen(
            "zip_as_pdf", "invoice.pdf", ooxml_bytes("docx"), "content is not one"
        ),
        Specimen("png_as_docx", "form.docx", png_bytes(), "content is not one"),
        Specimen("html_text", "notes.txt", b"<html><body onload=x()>", "web page"),
        Specimen("zip_bomb", "form.docx", _zip_bomb(), "too large when unpacked"),
        Specimen("pixel_flood", "photo.png", _png_flood(), "too large"),
        Specimen("traversal", "../../etc/cron.d/order.pdf", pdf, "folder"),
        Specimen(
            "traversal_windows", "..\\..\\windows\\order.pdf", pdf, "Rename the file"
        ),
        Specimen("dot_name", ".htaccess.pdf", pdf, "must not start with a dot"),
        Specimen("nul_name", "order.php\x00.pdf", pdf, "control characters"),
        Specimen("double_extension", "order.html.pdf", pdf, "second, unsafe extension"),
        Specimen("rtl_override", "order\u202efdp.exe", pdf, "control characters"),
    )
