"""The S3 backend against a real RADOS Gateway: content addressing, checks, sharing."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import select

from portfolio.errors import NotFoundError
from portfolio.evidence.models import EvidenceVersion
from portfolio.evidence.services.s3_storage import S3Storage, make_client
from portfolio.evidence.services.storage import (
    CorruptObjectError,
    object_key,
    storage_for,
)
from portfolio.extensions import db
from tests.conftest import csrf_token, login, make_test_app
from tests.integration.evidence.helpers import YESTERDAY, pdf_bytes, seed


@pytest.fixture
def s3_config(s3_server, tmp_path):
    """App settings for a fresh bucket; host A's cache folder."""
    return {**s3_server.config(), "STORAGE_DIR": str(tmp_path / "host-a")}


def _store(config, folder) -> S3Storage:
    store = storage_for({**config, "STORAGE_DIR": str(folder)})
    assert isinstance(store, S3Storage)
    return store


def test_objects_are_content_addressed_in_the_bucket(s3_config, tmp_path) -> None:
    host_a = _store(s3_config, tmp_path / "host-a")
    sha = host_a.put(b"evidence bytes")
    assert sha == hashlib.sha256(b"evidence bytes").hexdigest()
    head = host_a.client.head_object(Bucket=host_a.bucket, Key=object_key(sha))
    assert head["Metadata"]["sha256"] == sha
    assert host_a.put(b"evidence bytes") == sha  # idempotent
    host_b = _store(s3_config, tmp_path / "host-b")  # another web host
    assert not host_b.local.exists(sha)
    assert host_b.exists(sha) and host_b.verify(sha)
    assert host_b.open(sha).read() == b"evidence bytes"
    assert host_b.local.exists(sha)  # cached after a checked read
    assert set(host_b.objects()) == {sha}


def test_a_tampered_object_is_refused_on_read(s3_config, tmp_path) -> None:
    host_a = _store(s3_config, tmp_path / "host-a")
    sha = host_a.put(b"original")
    host_a.client.put_object(
        Bucket=host_a.bucket, Key=object_key(sha), Body=b"tampered"
    )
    host_b = _store(s3_config, tmp_path / "host-b")
    assert not host_b.verify(sha)
    with pytest.raises(CorruptObjectError):
        host_b.open(sha)
    assert not host_b.local.exists(sha)  # nothing bad was cached
    with pytest.raises(NotFoundError):
        host_b.open("0" * 64)


def test_a_damaged_cache_entry_is_fetched_again(s3_config, tmp_path) -> None:
    store = _store(s3_config, tmp_path / "host-a")
    sha = store.put(b"cached")
    store.local.path(sha).write_bytes(b"rotten")
    assert store.open(sha).read() == b"cached"
    assert store.local.verify(sha)


def test_named_files_are_shared_and_checked(s3_config, tmp_path) -> None:
    host_a = _store(s3_config, tmp_path / "host-a")
    (host_a.root / "exports").mkdir()
    (host_a.root / "exports" / "x.pdf").write_bytes(b"%PDF-1.7 export")
    host_a.publish("exports/x.pdf")
    host_b = _store(s3_config, tmp_path / "host-b")
    sha = hashlib.sha256(b"%PDF-1.7 export").hexdigest()
    path = host_b.fetch("exports/x.pdf", sha)
    assert path is not None and path.read_bytes() == b"%PDF-1.7 export"
    assert host_b.fetch("exports/missing.pdf") is None
    host_c = _store(s3_config, tmp_path / "host-c")
    with pytest.raises(CorruptObjectError):
        host_c.fetch("exports/x.pdf", "0" * 64)
    with pytest.raises(NotFoundError):
        host_c.fetch("../etc/passwd")


def test_the_part_cache_syncs_both_ways(s3_config, tmp_path) -> None:
    host_a = _store(s3_config, tmp_path / "host-a")
    host_b = _store(s3_config, tmp_path / "host-b")
    part = host_a.root / "pdf-cache" / "ab" / "abc.pdf"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"part")
    host_a.sync("pdf-cache")
    host_b.sync("pdf-cache")
    assert (host_b.root / "pdf-cache" / "ab" / "abc.pdf").read_bytes() == b"part"


def test_quarantine_moves_the_object_aside(s3_config, tmp_path) -> None:
    store = _store(s3_config, tmp_path / "host-a")
    sha = store.put(b"orphan")
    store.quarantine(sha)
    assert not store.exists(sha) and sha not in store.objects()
    kept = store.client.get_object(Bucket=store.bucket, Key=f"quarantine/{sha}")
    assert kept["Body"].read() == b"orphan"
    assert (store.root / "quarantine" / sha).is_file()


def test_an_upload_through_the_web_is_served_by_another_host(
    s3_config, tmp_path
) -> None:
    web_a = make_test_app(tmp_path / "a", **s3_config)
    with web_a.app_context():
        db.create_all()
        seed(db.session)
        db.session.commit()
    client = web_a.test_client()
    assert login(client, "learner@test.example").status_code == 302
    form = {
        "title": "Order form",
        "evidence_date": YESTERDAY.isoformat(),
        "context": "workplace",
        "order_type": "standard",
        "description": "What it shows",
        "csrf_token": csrf_token(client, "/evidence/new/upload"),
        "file": (io.BytesIO(pdf_bytes()), "order.pdf"),
    }
    resp = client.post(
        "/evidence/new/upload", data=form, content_type="multipart/form-data"
    )
    assert resp.status_code == 302
    with web_a.app_context():
        sha = db.session.scalar(select(EvidenceVersion.file_sha256))
    raw = make_client(s3_config).get_object(
        Bucket=s3_config["S3_BUCKET"], Key=object_key(sha)
    )
    assert raw["Body"].read() == pdf_bytes()
    # Host B shares the database (same engine) but not the folder.
    web_a.config["STORAGE_DIR"] = str(tmp_path / "b" / "storage")
    resp = client.get("/evidence/1/versions/1/file")
    assert resp.status_code == 200 and resp.data == pdf_bytes()
    assert (tmp_path / "b" / "storage" / object_key(sha)).is_file()
