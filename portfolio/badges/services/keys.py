"""The centre's Ed25519 signing key: loaded from a PEM file, made on first use."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)


def _b64(data: bytes) -> str:
    """Unpadded base64url, as JOSE writes it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class Signer:
    """The private key that signs credentials and the key id verifiers look up."""

    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The key verifiers check signatures with."""
        return self.private_key.public_key()

    @property
    def public_bytes(self) -> bytes:
        """The raw 32-byte public key."""
        return self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def kid(self) -> str:
        """A stable key id: the SHA-256 thumbprint of the public key."""
        return _b64(hashlib.sha256(self.public_bytes).digest())[:22]

    def jwk(self) -> dict[str, str]:
        """The public key as a JSON Web Key (OKP, Ed25519)."""
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": _b64(self.public_bytes),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
        }


def load_signer(path: str | Path) -> Signer:
    """The key in ``path``, created (readable by the owner only) if missing."""
    target = Path(path)
    if target.is_file():
        key = serialization.load_pem_private_key(target.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{target} does not hold an Ed25519 private key")
        return Signer(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return Signer(key)
