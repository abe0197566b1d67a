"""Decide an upload's type from its content, parse it, and read its text.

Allowed: PDF, PNG, JPEG, DOCX, XLSX, TXT. The bytes decide the type; the name's
extension must agree. Each type is parsed (pypdf, Pillow, zip structure, UTF-8), so a
file that merely starts with the right magic bytes is still refused (SECURITY #26).
"""

from __future__ import annotations

import html
import io
import logging
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from typing import cast

import filetype
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from portfolio.errors import ValidationError
from portfolio.evidence.domain.files import (
    ALLOWED_TEXT,
    LABELS,
    MEDIA_TYPES,
    MEGABYTE,
    CheckedFile,
    check_size,
    clean_name,
    refuse,
)

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_TEXT = 200_000
PDF_ACTIVE = (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch", b"/EmbeddedFile")
MARKUP_RE = re.compile(rb"<\s*(!doctype|html|script|svg|iframe|body)\b", re.I)
log = logging.getLogger(__name__)


def sniff(data: bytes) -> str | None:
    """The allowed kind the bytes look like, or None."""
    guess = filetype.guess(data)
    mime = guess.mime if guess else None
    if mime == "application/pdf":
        return "pdf"
    if mime == "image/png":
        return "png"
    if mime == "image/jpeg":
        return "jpg"
    if mime in (MEDIA_TYPES["docx"], MEDIA_TYPES["xlsx"], "application/zip"):
        return "ooxml"
    if guess is None:
        return "txt"
    return None


def check_upload(
    data: bytes,
    filename: str | None,
    *,
    max_bytes: int,
    scanner: Callable[[bytes], None] | None = None,
) -> CheckedFile:
    """Validate and normalise one upload; raise ValidationError(field='file').

    ``scanner`` (ClamAV, ``core.scanner``) sees the bytes as posted, before any
    parser opens them and before anything is stored; it raises to refuse.
    """
    check_size(len(data), max_bytes)
    name, ext = clean_name(filename)
    if scanner is not None:
        scanner(data)
    found = sniff(data)
    if found == "ooxml" and ext in ("docx", "xlsx"):
        found = ext
    if found != ext:
        raise refuse(
            f"The file is named as a {LABELS[ext]} but its content is not one. "
            f"Upload a real {ALLOWED_TEXT} file."
        )
    stored, text = PARSERS[ext](data)
    return CheckedFile(stored, ext, MEDIA_TYPES[ext], name, text[:MAX_TEXT])


def _parse_pdf(data: bytes) -> tuple[bytes, str]:
    """Open with pypdf; refuse active content; return the text of the first pages."""
    if not data.startswith(b"%PDF-"):
        raise refuse("The file is not a valid PDF.")
    if any(marker in data for marker in PDF_ACTIVE):
        raise refuse("The PDF contains scripts or attachments. Save it without them.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=True)
            if reader.is_encrypted:
                raise refuse("The PDF is password protected. Remove the password.")
            root = cast(DictionaryObject, reader.trailer["/Root"])
            if "/AA" in root or _is_active_action(root.get("/OpenAction")):
                raise refuse("The PDF runs actions when opened. Save it without them.")
            _refuse_pdf_actions(reader)
            pages = reader.pages
            if len(pages) == 0:
                raise refuse("The PDF has no pages.")
            text = "\n".join((p.extract_text() or "") for p in list(pages)[:30])
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.info("pdf refused: %s", type(exc).__name__)
        raise refuse("The file is not a valid PDF.") from exc
    except Exception as exc:  # noqa: BLE001 - any parser failure means "not a PDF"
        log.info("pdf refused: %s", type(exc).__name__)
        raise refuse("The file is not a valid PDF.") from exc
    return data, text


ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/Rendition"}
)
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
MAX_PDF_OBJECTS = 50_000


def _is_active_action(value: object) -> bool:
    """Whether an /OpenAction value is an action that does more than show a page."""
    value = value.get_object() if hasattr(value, "get_object") else value
    if not isinstance(value, DictionaryObject):
        return False  # a plain destination such as [page /Fit]
    return str(value.get("/S", "")) != "/GoTo" or "/JS" in value


def _unsafe_uri(value: object) -> bool:
    """A link target that runs script or reaches local files."""
    text = str(value.get_object() if hasattr(value, "get_object") else value)
    folded = "".join(text.split()).casefold()
    return folded.startswith(UNSAFE_SCHEMES)


def _refuse_pdf_actions(reader: PdfReader) -> None:
    """Look at every object: script, launch and javascript: link actions refused.

    pypdf decodes ``#xx`` escapes in names, so ``/J#61vaScript`` is seen as what it is.
    """
    for number in _object_numbers(reader):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001, S112 - an unreadable object holds no action
            continue
        _check_direct(obj, depth=0)


def _check_direct(obj: object, *, depth: int) -> None:
    """Check a dictionary and the dictionaries written directly inside it."""
    if depth > 12:
        return
    if isinstance(obj, DictionaryObject):
        kind = str(obj.get("/S", ""))
        if kind in ACTIVE_ACTIONS or "/JS" in obj or "/JavaScript" in obj:
            raise refuse("The PDF contains scripts or actions. Save it without them.")
        if kind == "/URI" and _unsafe_uri(obj.get("/URI", "")):
            raise refuse("The PDF has a link that runs a script. Remove the link.")
        children: Iterable[object] = obj.values()
    elif isinstance(obj, ArrayObject):
        children = obj
    else:
        return
    for child in children:
        if not isinstance(child, IndirectObject):  # those are checked on their own
            _check_direct(child, depth=depth + 1)


def _object_numbers(reader: PdfReader) -> set[int]:
    """The numbers of the document's objects, from its cross-reference tables."""
    ids = {num for table in reader.xref.values() for num in table}
    ids.update(reader.xref_objStm)
    if len(ids) > MAX_PDF_OBJECTS:
        raise refuse("The PDF has too many parts to check. Print it to a new PDF.")
    return ids


def _parse_image(data: bytes) -> tuple[bytes, str]:
    """Re-encode with Pillow (drops EXIF and trailing payloads); cap the pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as img:
                fmt = img.format
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise refuse("The image is too large (more than 40 megapixels).")
                img.load()
                clean = ImageOps.exif_transpose(img)
                out = io.BytesIO()
                if fmt == "JPEG":
                    clean.convert("RGB").save(out, "JPEG", quality=90)
                else:
                    clean.save(out, "PNG", optimize=True)
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise refuse("The image is too large (more than 40 megapixels).") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise refuse("The image could not be read. It may be damaged.") from exc
    return out.getvalue(), ""


def _refuse_dtd(raw: bytes) -> None:
    """Office never writes DTDs or entities; their presence means XXE or a bomb."""
    upper = raw.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise refuse("The document contains unsafe XML. Save it again from Office.")


def _xml_text(raw: bytes, tag: str) -> str:
    """Text inside ``<tag>`` elements, without an XML parser (no entities, no DTD)."""
    _refuse_dtd(raw)
    pattern = re.compile(
        rb"<" + tag.encode() + rb"(?:\s[^<>]{0,4000})?>([^<]*)</" + tag.encode() + rb">"
    )
    return " ".join(
        html.unescape(m.decode("utf-8", "replace")) for m in pattern.findall(raw)
    )


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_TYPES = (b"vbaproject", b"macroenabled", b"vbadata", b"activex", b"oleobject")
MAX_RATIO = 200  # unpacked/packed: real Office parts stay far below


def _refuse_macros(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], types: bytes
) -> None:
    """Macros by content type, by name, or by the OLE signature under any part name."""
    macro = "The document contains macros or embedded programs. Save it without them."
    if any(marker in types.lower() for marker in MACRO_TYPES):
        raise refuse(macro)
    for info in infos:
        if info.filename.lower().endswith(("vbaproject.bin", ".bin")):
            raise refuse(macro)
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and (
            info.file_size > MEGABYTE
        ):
            raise refuse("The document is too large when unpacked.")
        if info.file_size >= len(OLE_MAGIC):
            with archive.open(info) as part:
                if part.read(len(OLE_MAGIC)) == OLE_MAGIC:
                    raise refuse(macro)


def _parse_ooxml(data: bytes, ext: str) -> tuple[bytes, str]:
    """Check the zip's size, entries and parts before reading any text."""
    main, text_part, tag = (
        ("word/document.xml", "word/document.xml", "w:t")
        if ext == "docx"
        else ("xl/workbook.xml", "xl/sharedStrings.xml", "t")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if (
                len(infos) > MAX_ZIP_ENTRIES
                or sum(i.file_size for i in infos) > MAX_ZIP_UNCOMPRESSED
            ):
                raise refuse("The document is too large when unpacked.")
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or main not in names:
                raise refuse(f"The file is not a valid {LABELS[ext]}.")
            types = archive.read("[Content_Types].xml")
            _refuse_dtd(types)
            _refuse_macros(archive, infos, types)
            raw = archive.read(text_part) if text_part in names else b""
            text = _xml_text(raw, tag)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise refuse(f"The file is not a valid {LABELS[ext]}.") from exc
    return data, text


def _parse_text(data: bytes) -> tuple[bytes, str]:
    """UTF-8 text without NUL bytes, and not a web page in disguise."""
    if b"\x00" in data:
        raise refuse("The text file contains binary data.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse("The text file must be saved as UTF-8.") from exc
    if MARKUP_RE.search(data[:4096]):
        raise refuse("The text file looks like a web page. Upload a PDF instead.")
    return data, text


Parser = Callable[[bytes], tuple[bytes, str]]
PARSERS: dict[str, Parser] = {
    "pdf": _parse_pdf,
    "png": _parse_image,
    "jpg": _parse_image,
    "docx": lambda d: _parse_ooxml(d, "docx"),
    "xlsx": lambda d: _parse_ooxml(d, "xlsx"),
    "txt": _parse_text,
}
