"""The upload checks alone refuse every corpus file that needs no virus scanner."""

from __future__ import annotations

import pytest

from portfolio.errors import ValidationError
from portfolio.evidence.services.uploads import check_upload
from tests.corpus.malicious import corpus

LIMIT = 20 * 1024 * 1024
STATIC = [s for s in corpus() if not s.needs_scanner]


@pytest.mark.parametrize("specimen", STATIC, ids=lambda s: s.key)
def test_specimen_is_refused_with_a_clear_message(specimen) -> None:
    with pytest.raises(ValidationError) as caught:
        check_upload(specimen.data, specimen.name, max_bytes=LIMIT)
    assert specimen.message in str(caught.value)
    assert caught.value.field == "file"


def test_the_scanner_sees_the_bytes_before_any_parser() -> None:
    seen: list[bytes] = []

    def scanner(data: bytes) -> None:
        seen.append(data)
        raise ValidationError("virus scanner found X", "file")

    with pytest.raises(ValidationError, match="virus scanner"):
        check_upload(b"%PDF-1.4 broken", "a.pdf", max_bytes=LIMIT, scanner=scanner)
    assert seen == [b"%PDF-1.4 broken"]


def test_a_plain_destination_open_action_is_still_accepted() -> None:
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    from tests.corpus.malicious import _pdf_with

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_with(ArrayObject()))))
    page = writer.pages[0].indirect_reference
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page, NameObject("/XYZ"), NumberObject(0), NumberObject(0), NumberObject(0)]
    )
    out = io.BytesIO()
    writer.write(out)
    assert check_upload(out.getvalue(), "fine.pdf", max_bytes=LIMIT).kind == "pdf"
