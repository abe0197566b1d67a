"""Small helpers the evidence views share (form errors, public URLs, origin)."""

from __future__ import annotations

from flask import Response, current_app, request, url_for

from portfolio.core.edge import USER_ERRORS, form_error  # noqa: F401 - re-exported


def public_url(endpoint: str, **values: object) -> str:
    """An absolute URL built from PUBLIC_BASE_URL, never from the request's host."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values)


def client_ip() -> str | None:
    """The client address as the WSGI server (or trusted proxy fix) reports it."""
    return request.remote_addr


def token_page_headers(response: Response) -> Response:
    """No caching and no referrer for pages reached through a signing link."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
