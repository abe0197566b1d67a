"""Malware scanning of uploads with ClamAV's daemon, fail-closed (SECURITY #29).

Uploads are streamed to clamd (``INSTREAM``) through its Unix socket, or a TCP port
when ``CLAMAV_HOST`` is set, before anything is stored. When the scanner cannot be
reached the upload is refused: an unscanned file is never kept.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

import clamd  # type: ignore[import-untyped]  # the package ships no type hints
from flask import current_app

from portfolio.errors import ValidationError

log = logging.getLogger(__name__)
Scanner = Callable[[bytes], None]
INFECTED = (
    "The file was refused because the virus scanner found malware in it "
    "({name}). Do not open it; ask your IT contact for help."
)
UNAVAILABLE = (
    "The file could not be checked for viruses just now, so it was not stored. "
    "Try again in a few minutes."
)


class ScannerUnavailableError(ValidationError):
    """The scanner could not be reached or did not answer; the upload is refused."""


class MalwareFoundError(ValidationError):
    """The scanner found malware in the upload."""


def _client(config: Any) -> Any:
    """A clamd client for the configured socket or TCP address."""
    timeout = float(config.get("CLAMAV_TIMEOUT", 30))
    if config.get("CLAMAV_HOST"):
        return clamd.ClamdNetworkSocket(
            config["CLAMAV_HOST"], int(config.get("CLAMAV_PORT", 3310)), timeout
        )
    return clamd.ClamdUnixSocket(config["CLAMAV_SOCKET"], timeout)


def clamav_scan(config: Any, data: bytes) -> None:
    """Scan ``data`` with clamd; raise MalwareFoundError or ScannerUnavailableError."""
    try:
        result = _client(config).instream(io.BytesIO(data))
        status, name = result["stream"]
    except (clamd.ClamdError, OSError, KeyError, ValueError) as exc:
        log.error("malware scanner unavailable: %s", type(exc).__name__)
        raise ScannerUnavailableError(UNAVAILABLE, "file") from exc
    if status == "FOUND":
        log.warning("upload refused: malware %s", name)
        raise MalwareFoundError(INFECTED.format(name=name), "file")
    if status != "OK":
        log.error("malware scanner answered %s %s", status, name)
        raise ScannerUnavailableError(UNAVAILABLE, "file")


def _no_scan(data: bytes) -> None:
    """Scanning switched off (MALWARE_SCANNER=off, development only)."""


def malware_scanner() -> Scanner:
    """The configured scanner for this app (``MALWARE_SCANNER``: clamav or off)."""
    config = current_app.config
    if str(config.get("MALWARE_SCANNER", "clamav")).lower() == "off":
        return _no_scan
    return lambda data: clamav_scan(config, data)


def scanner_ready(config: Any) -> bool:
    """Whether clamd answers a PING (for health checks and test fixtures)."""
    try:
        return bool(_client(config).ping() == "PONG")
    except (clamd.ClamdError, OSError):
        return False
