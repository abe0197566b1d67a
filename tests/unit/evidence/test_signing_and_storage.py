"""Signing-link tokens and the content-addressed local store."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
from itsdangerous import URLSafeTimedSerializer

from portfolio.errors import NotFoundError
from portfolio.evidence.domain.signing import LinkError
from portfolio.evidence.services import link_tokens
from portfolio.evidence.services.storage import LocalStorage

KEY = "k" * 32


def test_token_carries_only_a_random_id() -> None:
    rid = link_tokens.new_rid()
    assert len(rid) >= 32
    token = link_tokens.make_token(KEY, rid)
    assert link_tokens.read_token(KEY, token, 60) == rid
    assert "@" not in token


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1],
        lambda t: "x" + t,
        lambda t: t.replace(".", "", 1),
        lambda t: URLSafeTimedSerializer(KEY, salt="pw-reset").dumps({"rid": "r"}),
        lambda t: link_tokens.make_token("another-secret", "r"),
        lambda t: URLSafeTimedSerializer(KEY, salt=link_tokens.SALT).dumps(["r"]),
    ],
)
def test_altered_or_foreign_tokens_are_invalid(mangle) -> None:
    token = mangle(link_tokens.make_token(KEY, "rid-1"))
    with pytest.raises(LinkError) as exc:
        link_tokens.read_token(KEY, token, 60)
    assert exc.value.status == 404


def test_expired_tokens_give_410() -> None:
    token = link_tokens.make_token(KEY, "rid-1")
    with pytest.raises(LinkError) as exc:
        link_tokens.read_token(KEY, token, -1)
    assert exc.value.status == 410 and "expired" in str(exc.value)


def test_local_storage_is_content_addressed_atomic_and_private(tmp_path) -> None:
    store = LocalStorage(tmp_path / "store")
    sha = store.put(b"hello")
    assert sha == hashlib.sha256(b"hello").hexdigest()
    path = store.path(sha)
    assert path.resolve().is_relative_to((tmp_path / "store").resolve())
    assert path.parent.name == sha[:2]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert store.put(b"hello") == sha
    with store.open(sha) as handle:
        assert handle.read() == b"hello"
    assert store.verify(sha)
    assert os.listdir(store.tmp) == []
    path.write_bytes(b"tampered")
    assert not store.verify(sha)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ab", "G" * 64, ""])
def test_storage_refuses_anything_but_a_digest(tmp_path, bad) -> None:
    store = LocalStorage(tmp_path)
    with pytest.raises(NotFoundError):
        store.open(bad)


def test_a_failed_write_leaves_no_temp_file(tmp_path, monkeypatch) -> None:
    store = LocalStorage(tmp_path)

    def boom(*_a):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        store.put(b"data")
    assert os.listdir(store.tmp) == []
