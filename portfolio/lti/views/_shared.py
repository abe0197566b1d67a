"""What the LTI route modules share: the tool's key, config, storage and URLs."""

from __future__ import annotations

import os
from typing import Any

from flask import current_app, render_template, url_for
from pylti1p3.contrib.flask import FlaskRequest

from portfolio.core.edge import mark_failed
from portfolio.extensions import db
from portfolio.lti import services

# The Flask session key of a deep-linking launch waiting for the instructor's choice.
DEEP_LINK_SESSION_KEY = "lti_deep_link_launch"
# The library's messages are clear but terse; say what the person can do.
ERROR_HELP = (
    "Go back to your course and open the activity again. If it keeps failing, "
    "give your course administrator this message."
)


def tool_key() -> services.ToolKey:
    """The tool's RSA key (LTI_KEY_PATH, else a key in the storage folder)."""
    cached = current_app.extensions.get("lti_tool_key")
    if cached is None:
        path = current_app.config.get("LTI_KEY_PATH") or os.path.join(
            current_app.config["STORAGE_DIR"], "keys", "lti-rsa.pem"
        )
        cached = current_app.extensions["lti_tool_key"] = services.load_tool_key(path)
    return cached


def tool_conf() -> services.DatabaseToolConf:
    """The tool configuration, read from the registered platforms."""
    return services.DatabaseToolConf(db.session, tool_key())


def storage() -> services.DatabaseLaunchStorage:
    """Server-side launch state (no cookie: launches arrive cross-site)."""
    return services.DatabaseLaunchStorage(db.session)


def lti_request() -> FlaskRequest:
    """The current request as the library reads it."""
    return FlaskRequest()


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute URL built from PUBLIC_BASE_URL, never from the Host header."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values)


def tool_urls() -> dict[str, str]:
    """The values an LMS administrator copies into the platform's tool settings."""
    return {
        "Tool URL (launch, redirection URI)": public_url("lti.launch"),
        "Initiate login URL": public_url("lti.login"),
        "Public keyset URL (JWKS)": public_url("lti.jwks"),
        "Deep linking URL": public_url("lti.launch"),
    }


def refused(message: str, status: int = 400) -> tuple[str, int]:
    """The error page of a refused launch; the request is rolled back."""
    mark_failed()
    page = render_template("lti/error.html", message=message, help=ERROR_HELP)
    return page, status
