"""What the export route modules share: who may export, and file responses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flask import Response

from portfolio.core.access import roles
from portfolio.core.roles import Role

EXPORTERS = roles(Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN)
STAFF = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN)


def chunks(path: Path) -> Iterator[bytes]:
    """Stream a file; it is opened only once the body is read (and always closed)."""
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(1 << 16), b"")


def zip_response(path: Path, name: str) -> Response:
    """A ZIP file as a download."""
    return Response(
        chunks(path),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Length": str(path.stat().st_size),
            "Cache-Control": "no-store",
        },
    )
