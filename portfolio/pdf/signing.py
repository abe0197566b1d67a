"""PAdES signatures: make a development key, sign a finished PDF, check one.

The signature is the last change to a file (any later rewrite breaks it), so the
caller signs once the file is otherwise complete, and fingerprints the signed
bytes. Checking trusts only the certificate it is given (the centre's own).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

FIELD_NAME = "CentreSignature"
T = TypeVar("T")


class SigningKeyError(ValueError):
    """The configured PKCS#12 file is missing, unreadable or has the wrong password."""


@dataclass(frozen=True)
class SigningKey:
    """Where the centre's PKCS#12 key lives and its password (from configuration)."""

    p12_path: str
    password: str


@dataclass(frozen=True)
class SignatureCheck:
    """What a reader can tell about a PDF's signature."""

    present: bool
    intact: bool = False  # the signed bytes are unchanged
    whole_file: bool = False  # the signature covers every byte of the file
    trusted: bool = False  # made with the centre's certificate
    signer: str = ""
    signed_at: datetime | None = None

    @property
    def valid(self) -> bool:
        """Intact, covering the whole file and made by the centre."""
        return self.present and self.intact and self.whole_file and self.trusted


def create_self_signed(
    path: Path, password: str, *, common_name: str, organisation: str, days: int = 825
) -> x509.Certificate:
    """Write a self-signed RSA-3072 key and certificate as PKCS#12 (development)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False),
            True,
        )
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        common_name.encode(),
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(password.encode()),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(blob)
    return cert


class _LoadedKeySigner(signers.SimpleSigner):
    """A ``SimpleSigner`` that parses its RSA private key once, not per signature.

    pyHanko turns the key back into a ``cryptography`` object on every raw
    signature (twice per PDF: once to size the signature, once for real), and
    checking an RSA-3072 key costs about 0.3 s each time.
    """

    _loaded: Any = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """RSA PKCS#1 v1.5 with the loaded key; anything else as pyHanko does it."""
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        if self._loaded is None:
            self._loaded = serialization.load_der_private_key(
                self.signing_key.dump(), password=None
            )
        assert isinstance(self._loaded, rsa.RSAPrivateKey)
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        return self._loaded.sign(data, padding.PKCS1v15(), hash_algo)

    def bytes_reserved(self) -> int:
        """Room for the signature container: its certificates plus a wide margin.

        pyHanko otherwise builds a whole dummy signature per PDF to size it. The
        container holds the certificates, the signed attributes (a few hundred
        bytes) and the raw signature (512 bytes for RSA-4096); it is written in
        hex, so twice its DER size.
        """
        certs = [self.signing_cert, *self.cert_registry]
        der = sum(len(cert.dump()) for cert in certs if cert is not None)
        return 2 * (der + 4096)


@lru_cache(maxsize=4)
def _load_signer(path: str, _stamp: tuple[int, int], password: str) -> signers.Signer:
    """Open a PKCS#12 file (once per process while the file is unchanged)."""
    loaded = signers.SimpleSigner.load_pkcs12(
        path, passphrase=password.encode() or None
    )
    if loaded is None:
        raise SigningKeyError(f"cannot open the signing key {Path(path).name}")
    # ``load_pkcs12`` builds a plain SimpleSigner whatever class it is called on,
    # so the key material is moved into a _LoadedKeySigner here.
    return _LoadedKeySigner(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
        signature_mechanism=loaded.signature_mechanism,
    )


def _signer(key: SigningKey) -> signers.Signer:
    """The pyHanko signer for ``key``, or SigningKeyError."""
    path = Path(key.p12_path)
    if not path.is_file():
        raise SigningKeyError(f"no signing key at {path}")
    stat = path.stat()
    return _load_signer(str(path), (stat.st_mtime_ns, stat.st_size), key.password)


def certificate_of(key: SigningKey) -> asn1_x509.Certificate:
    """The centre's certificate (the one trusted when checking)."""
    cert: asn1_x509.Certificate = _signer(key).signing_cert
    return cert


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run pyHanko's coroutine to completion, even where this thread has a loop.

    pyHanko's synchronous wrappers call ``asyncio.run``, which refuses to start inside a
    running event loop (a worker or test harness may have one); a thread of its own
    always gets a fresh loop.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def sign_file(
    path: str, key: SigningKey, *, reason: str, location: str
) -> tuple[str, int]:
    """Sign the PDF at ``path`` in place (PAdES B-B); its new SHA-256 and size."""
    signer = _signer(key)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    target = Path(path)
    tmp = target.with_suffix(".signing")
    with target.open("rb") as source, tmp.open("wb") as out:
        writer = IncrementalPdfFileWriter(source, strict=False)
        reserved = (
            signer.bytes_reserved() if isinstance(signer, _LoadedKeySigner) else None
        )
        _run(
            signers.async_sign_pdf(
                writer, meta, signer=signer, output=out, bytes_reserved=reserved
            )
        )
    os.replace(tmp, target)
    digest = hashlib.sha256()
    with target.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest(), target.stat().st_size


def _common_name(cert: asn1_x509.Certificate) -> str:
    """The subject's common name (or the whole subject) of a certificate."""
    subject = cert.subject.native
    return str(subject.get("common_name") or cert.subject.human_friendly)


def check_signature(
    data: bytes, trusted: asn1_x509.Certificate | None
) -> SignatureCheck:
    """Validate the last signature in ``data`` against the ``trusted`` certificate."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable upload is "not signed"
        return SignatureCheck(present=False)
    if not embedded:
        return SignatureCheck(present=False)
    sig = embedded[-1]
    context = ValidationContext(
        trust_roots=[trusted] if trusted is not None else [], allow_fetching=False
    )
    try:
        status = _run(async_validate_pdf_signature(sig, context))
    except Exception:  # noqa: BLE001 - a broken signature reads as "not intact"
        return SignatureCheck(present=True)
    return SignatureCheck(
        present=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=bool(status.trusted) and trusted is not None,
        signer=_common_name(status.signing_cert),
        signed_at=status.signer_reported_dt,
    )
