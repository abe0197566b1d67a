"""A WeasyPrint URL fetcher that reads only files under allowed folders.

User text is escaped, but a reflection or file name could still smuggle a URL into
the layout; WeasyPrint would fetch it (SSRF, local file disclosure). This fetcher
refuses every scheme but ``file:`` and every path outside the allowed roots.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class FetchRefused(ValueError):
    """A URL the export may not load."""


class RestrictedFetcher(URLFetcher):
    """Serve ``file:`` URLs under ``roots`` only; refuse everything else."""

    def __init__(self, roots: Iterable[str | Path]) -> None:
        """Allow ``file:`` URLs of files under ``roots``."""
        super().__init__(allowed_protocols={"file"})
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path:
        """The local path a URL may be read from; raise FetchRefused otherwise."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"refused to fetch {url[:200]}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(f"refused to fetch {url[:200]}")
        if not path.is_file():
            raise FetchRefused(f"no such file {path.name}")
        return path

    def fetch(
        self, url: str, headers: dict[str, str] | None = None
    ) -> URLFetcherResponse:
        """Return the file's bytes, or raise (WeasyPrint then skips the resource)."""
        try:
            path = self.resolve(url)
        except FetchRefused:
            self.refused.append(url)
            raise
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": media_type}
        )
