"""The tool's RSA key pair: signs deep-linking responses and service-token requests.

LTI 1.3 requires RS256, so this is an RSA key (the badges' Ed25519 key cannot
serve). The private key is a PEM file made on first use (mode 0600); platforms
fetch the public half from the tool's JWKS URL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pylti1p3.registration import Registration

KEY_BITS = 2048


@dataclass(frozen=True)
class ToolKey:
    """The tool's private and public key in PEM, and its JWK."""

    private_pem: str
    public_pem: str

    def jwk(self) -> Mapping[str, Any]:
        """The public key as a JSON Web Key (RSA, RS256, with its thumbprint kid)."""
        return Registration.get_jwk(self.public_pem)

    @property
    def kid(self) -> str:
        """The key id platforms look the key up by."""
        return str(self.jwk()["kid"])


def _from_private(key: rsa.RSAPrivateKey) -> ToolKey:
    """Both halves of ``key`` as PEM text."""
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return ToolKey(private.decode(), public.decode())


def load_tool_key(path: str | Path) -> ToolKey:
    """The key in ``path``, generated (readable by the owner only) if missing."""
    target = Path(path)
    if target.is_file():
        key = serialization.load_pem_private_key(target.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{target} does not hold an RSA private key")
        return _from_private(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    made = _from_private(rsa.generate_private_key(65537, KEY_BITS))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(made.private_pem)
    return made
