"""The merge process reuses what it parsed last time, and the signer it loaded.

Reuse must never change the output: a re-merge writes the same file, a part
file that changed is read again, a file used twice gets its own pages, and a
replaced signing key is picked up.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from portfolio.pdf import merge as merge_module
from portfolio.pdf.merge import MergePlan, Source, merge
from portfolio.pdf.render import html_to_pdf
from portfolio.pdf.signing import (
    SigningKey,
    certificate_of,
    check_signature,
    create_self_signed,
    sign_file,
)


def _part(folder: Path, name: str, words: str) -> str:
    html = (
        f'<html lang="en-GB"><head><title>{name}</title></head><body>'
        f"<h1>{name}</h1><p>{words}</p>"
        f'<section style="break-before: page"><p>{words} again</p></section></body>'
    )
    path = folder / f"{name}.pdf"
    path.write_bytes(html_to_pdf(html).pdf)
    return str(path)


def _plan(sources: tuple[str, ...], out: Path) -> MergePlan:
    return MergePlan(
        sources=tuple(Source(s) for s in sources),
        out_path=str(out),
        footer="Export ID reuse",
        outline=(("First", 1, 1),),
        metadata={"Title": "Reuse", "Author": "A"},
    )


def _normalised(path: Path) -> bytes:
    """The file without its timestamps and file identifier."""
    data = path.read_bytes()
    data = re.sub(rb"D(:|\\072)\d{14}Z", b"D:", data)
    data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00)?", b"T", data)
    return re.sub(rb"/ID \[[^\]]*\]", b"/ID", data)


def _text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_re_merge_reuses_parsed_parts_and_writes_the_same_file(tmp_path) -> None:
    parts = (_part(tmp_path, "alpha", "Apples"), _part(tmp_path, "beta", "Bananas"))
    merge_module._readers.clear()
    merge(_plan(parts, tmp_path / "one.pdf"))
    kept = {path: reader for path, (_, reader) in merge_module._readers.items()}
    assert set(kept) == set(parts)
    merge(_plan(parts, tmp_path / "two.pdf"))
    reused = {path: reader for path, (_, reader) in merge_module._readers.items()}
    assert all(reused[path] is kept[path] for path in parts)
    assert _normalised(tmp_path / "one.pdf") == _normalised(tmp_path / "two.pdf")
    with pikepdf.open(tmp_path / "two.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        keys = [int(page.StructParents) for page in pdf.pages]
        assert len(keys) == 4 and len(set(keys)) == 4


def test_a_changed_part_file_is_read_again(tmp_path) -> None:
    parts = (_part(tmp_path, "alpha", "Apples"), _part(tmp_path, "beta", "Bananas"))
    merge(_plan(parts, tmp_path / "one.pdf"))
    time.sleep(0.01)  # a distinct mtime even on coarse clocks
    _part(tmp_path, "beta", "Cherries")
    merge(_plan(parts, tmp_path / "two.pdf"))
    text = _text(tmp_path / "two.pdf")
    assert "Cherries" in text and "Bananas" not in text


def test_the_same_file_twice_gets_pages_of_its_own(tmp_path) -> None:
    alpha = _part(tmp_path, "alpha", "Apples")
    merge(_plan((alpha,), tmp_path / "warm.pdf"))  # alpha is now kept
    result = merge(_plan((alpha, alpha), tmp_path / "twice.pdf"))
    assert result.pages == 4
    with pikepdf.open(tmp_path / "twice.pdf") as pdf:
        assert len({page.objgen for page in pdf.pages}) == 4
        keys = [int(page.StructParents) for page in pdf.pages]
        assert len(set(keys)) == 4


def test_the_loaded_signer_signs_again_and_a_new_key_file_replaces_it(
    tmp_path,
) -> None:
    key = SigningKey(str(tmp_path / "centre.p12"), "pw")
    create_self_signed(
        Path(key.p12_path), "pw", common_name="Old Centre", organisation="C"
    )
    files = []
    for name in ("a", "b"):
        path = Path(_part(tmp_path, name, "Signed words"))
        sign_file(str(path), key, reason="test", location="here")
        files.append(path)
    old = certificate_of(key)
    for path in files:
        check = check_signature(path.read_bytes(), old)
        assert check.valid and check.signer == "Old Centre"
    time.sleep(0.01)
    create_self_signed(
        Path(key.p12_path), "pw", common_name="New Centre", organisation="C"
    )
    path = Path(_part(tmp_path, "c", "Signed words"))
    sign_file(str(path), key, reason="test", location="here")
    check = check_signature(path.read_bytes(), certificate_of(key))
    assert check.valid and check.signer == "New Centre"
    assert not check_signature(path.read_bytes(), old).trusted


def test_the_signer_parses_its_private_key_once(tmp_path) -> None:
    """pyHanko's load_pkcs12 returns a plain SimpleSigner, which re-parses the key
    on every raw signature; ours must be the signer that keeps it parsed."""
    from portfolio.pdf import signing

    key = SigningKey(str(tmp_path / "once.p12"), "pw")
    create_self_signed(Path(key.p12_path), "pw", common_name="Once", organisation="C")
    signer = signing._signer(key)
    assert isinstance(signer, signing._LoadedKeySigner)
    paths = [Path(_part(tmp_path, name, "Signed words")) for name in ("p", "q")]
    sign_file(str(paths[0]), key, reason="test", location="here")
    parsed = signer._loaded
    assert parsed is not None
    sign_file(str(paths[1]), key, reason="test", location="here")
    assert signing._signer(key) is signer and signer._loaded is parsed
    for path in paths:
        assert check_signature(path.read_bytes(), certificate_of(key)).valid
