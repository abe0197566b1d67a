"""The S3-compatible backend: the bucket is the store, STORAGE_DIR this host's cache.

Tested against Ceph's RADOS Gateway (``ops/s3/rgw.sh``). Uploads send Content-MD5
so the server refuses a body damaged in transit; reads are checked against the
object's SHA-256 (its name) before anything is served or cached.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from portfolio.errors import NotFoundError
from portfolio.evidence.services.storage import (
    SHA256_RE,
    CorruptObjectError,
    LocalStorage,
    _named,
    digest_of,
    object_key,
    write_atomically,
)

_lock = threading.Lock()
_stores: dict[tuple[str, ...], S3Storage] = {}


def s3_storage_for(config: Mapping[str, Any]) -> S3Storage:
    """One store (and boto3 client) per configuration and process."""
    settings = tuple(
        str(config.get(name) or "")
        for name in (
            "S3_ENDPOINT_URL",
            "S3_BUCKET",
            "S3_ACCESS_KEY",
            "S3_SECRET_KEY",
            "S3_REGION",
            "STORAGE_DIR",
        )
    )
    with _lock:
        store = _stores.get(settings)
        if store is None:
            bucket = settings[1] or "portfolio"
            store = S3Storage(make_client(config), bucket, settings[5])
            _stores[settings] = store
    return store


def make_client(config: Mapping[str, Any]) -> Any:
    """A boto3 S3 client for the configured endpoint (path-style addressing)."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=config.get("S3_ENDPOINT_URL") or None,
        aws_access_key_id=config.get("S3_ACCESS_KEY"),
        aws_secret_access_key=config.get("S3_SECRET_KEY"),
        region_name=config.get("S3_REGION") or "us-east-1",
        config=Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=60,
            # Ceph 16 ignores the newer flexible checksums: use Content-MD5.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )


def _missing(exc: Exception) -> bool:
    """Whether a botocore error means "no such key/bucket"."""
    code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound", "NoSuchBucket"}


class S3Storage:
    """Objects and named files in a bucket, cached (checked) under ``cache_root``."""

    def __init__(self, client: Any, bucket: str, cache_root: str | os.PathLike[str]):
        """Use ``bucket`` (created if absent) through ``client``."""
        self.client, self.bucket = client, bucket
        self.local = LocalStorage(cache_root)
        self.root = self.local.root
        self._ensure_bucket()

    def _ensure_bucket(self) -> None:
        """Create the bucket on first use."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if not _missing(exc):
                raise
            self.client.create_bucket(Bucket=self.bucket)

    def _has(self, key: str) -> bool:
        """HEAD the key."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                return False
            raise
        return True

    def _upload(self, key: str, data: bytes, sha256: str) -> None:
        """PUT with Content-MD5 (checked by the server) and the SHA-256 as metadata."""
        md5 = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest())
        self.client.put_object(
            Bucket=self.bucket,
            Key=key,
            Body=data,
            ContentMD5=md5.decode(),
            Metadata={"sha256": sha256},
        )

    def _download(self, key: str) -> bytes | None:
        """The key's bytes, or None when it does not exist."""
        from botocore.exceptions import ClientError

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        return bytes(response["Body"].read())

    def put(self, data: bytes) -> str:
        """Upload the object unless the bucket has it; keep a local copy."""
        sha = hashlib.sha256(data).hexdigest()
        key = object_key(sha)
        if not self._has(key):
            self._upload(key, data, sha)
        self.local.put(data)
        return sha

    def _checked(self, sha256: str) -> bytes:
        """The object's bytes from the cache or the bucket, checked against its name."""
        path = self.local.path(sha256)
        if path.is_file():
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == sha256:
                return data
            path.unlink(missing_ok=True)  # a damaged cache entry: refetch
        data = self._download(object_key(sha256)) or b""
        if not data and not self._has(object_key(sha256)):
            raise NotFoundError("file")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise CorruptObjectError(f"object {sha256} does not match its SHA-256")
        self.local.put(data)
        return data

    def open(self, sha256: str) -> BinaryIO:
        """The checked bytes, in memory (uploads are bounded by UPLOAD_MAX_MB)."""
        return io.BytesIO(self._checked(sha256))

    def exists(self, sha256: str) -> bool:
        """Whether the bucket holds the object."""
        return self._has(object_key(sha256))

    def verify(self, sha256: str) -> bool:
        """Re-hash the bucket's copy (not the cache)."""
        data = self._download(object_key(sha256))
        return data is not None and hashlib.sha256(data).hexdigest() == sha256

    def stage(self, shas: Iterable[str]) -> None:
        """Fetch (and check) every object the renderer will read from disk."""
        for sha in set(shas):
            if not self.local.verify(sha):
                self._checked(sha)

    def publish(self, relative: str) -> None:
        """Upload the named local file, its SHA-256 as metadata."""
        path = self.root / _named(relative)
        data = path.read_bytes()
        self._upload(relative, data, hashlib.sha256(data).hexdigest())

    def fetch(self, relative: str, sha256: str | None = None) -> Path | None:
        """The named file from the cache, else from the bucket; checked if asked."""
        path = self.root / _named(relative)
        if path.is_file() and (sha256 is None or digest_of(path) == sha256):
            return path
        data = self._download(relative)
        if data is None:
            return None
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise CorruptObjectError(f"{relative} does not match its SHA-256")
        write_atomically(path, data, self.local.tmp)
        return path

    def listing(self, prefix: str = "") -> Iterator[tuple[str, float]]:
        """Every key in the bucket under ``prefix``, with its upload time."""
        pages = self.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket, Prefix=prefix):
            for entry in page.get("Contents", []):
                yield str(entry["Key"]), entry["LastModified"].timestamp()

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every key in the bucket under ``prefix``."""
        return (key for key, _ in self.listing(prefix))

    def sync(self, folder: str) -> None:
        """Pull the folder's keys this host lacks, push the files the bucket lacks."""
        local = self.root / _named(f"{folder}/x")[: -len("/x")]
        remote = set(self.keys(f"{folder}/"))
        present = {
            p.relative_to(self.root).as_posix()
            for p in local.rglob("*")
            if p.is_file() and not p.name.endswith(".tmp")
        }
        for key in remote - present:
            data = self._download(key)
            if data is not None:
                write_atomically(self.root / key, data, self.local.tmp)
        for relative in present - remote:
            self.publish(relative)

    def quarantine(self, sha256: str) -> None:
        """Copy the object to ``quarantine/<sha>`` in the bucket, then delete it."""
        key = object_key(sha256)
        if self._has(key):
            self.client.copy_object(
                Bucket=self.bucket,
                Key=f"quarantine/{sha256}",
                CopySource={"Bucket": self.bucket, "Key": key},
            )
            self.client.delete_object(Bucket=self.bucket, Key=key)
        self.local.quarantine(sha256)

    def objects(self) -> dict[str, float]:
        """Digests of the objects in the bucket, with their upload times."""
        found = {}
        for key, when in self.listing():
            folder, _, name = key.partition("/")
            if SHA256_RE.fullmatch(name) and folder == name[:2]:
                found[name] = when
        return found

    def pull_all(self, skip: frozenset[str]) -> int:
        """Copy every bucket key (outside ``skip`` folders) into the cache, checked."""
        count = 0
        for key in self.keys():
            if key.split("/", 1)[0] in skip:
                continue
            name = key.rsplit("/", 1)[-1]
            if SHA256_RE.fullmatch(name) and key == object_key(name):
                self.stage([name])
            else:
                self.fetch(key)
            count += 1
        return count

    def push_all(self, skip: frozenset[str]) -> int:
        """Upload every cached file (outside ``skip`` folders) the bucket lacks."""
        remote = set(self.keys())
        count = 0
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root).as_posix()
            if not path.is_file() or relative.split("/", 1)[0] in skip:
                continue
            if relative not in remote:
                data = path.read_bytes()
                self._upload(relative, data, hashlib.sha256(data).hexdigest())
            count += 1
        return count
