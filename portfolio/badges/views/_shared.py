"""What the badge pages share: the signer, the issuer, the navigation's answer."""

from __future__ import annotations

import os

from flask import current_app, g

from portfolio.badges import services


def signer() -> services.Signer:
    """The centre's signing key (BADGE_KEY_PATH, else a key in the storage folder)."""
    cached = current_app.extensions.get("badge_signer")
    if cached is None:
        path = current_app.config.get("BADGE_KEY_PATH") or os.path.join(
            current_app.config["STORAGE_DIR"], "keys", "badge-ed25519.pem"
        )
        cached = current_app.extensions["badge_signer"] = services.load_signer(path)
    return cached


def issuer() -> services.Issuer:
    """The centre as its credentials name it."""
    config = current_app.config
    return services.Issuer(config["CENTRE_NAME"], config["PUBLIC_BASE_URL"])


def remember_has_badge(found: bool) -> None:
    """Answer the navigation's ``learner_has_badge()`` for this request.

    For a page that read it with its own data (``services.has_badge_clause``), so
    the navigation does not ask the database again.
    """
    g.learner_has_badge = found
