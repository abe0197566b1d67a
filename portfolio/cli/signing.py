"""`flask signing-key create`: a self-signed centre key for development and demos.

Production uses the centre's real certificate (SIGNING_P12_PATH and
SIGNING_P12_PASSWORD); this command writes a self-signed one to that path.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("signing-key")
def signing_key_group() -> None:
    """The key that signs portfolio exports."""


@signing_key_group.command("create")
@with_appcontext
@click.option("--force", is_flag=True, help="Replace an existing key file.")
@click.option("--if-missing", is_flag=True, help="Do nothing if the key exists.")
def create_command(force: bool, if_missing: bool) -> None:
    """Write a self-signed PKCS#12 key to SIGNING_P12_PATH (development only)."""
    from portfolio.pdf.signing import create_self_signed

    config = current_app.config
    raw = config.get("SIGNING_P12_PATH")
    if not raw:
        click.echo("Set SIGNING_P12_PATH to where the key should be written.", err=True)
        sys.exit(1)
    path = Path(raw).resolve()
    if path.exists() and not force:
        if if_missing:
            click.echo(f"Signing key already at {path}")
            return
        click.echo(f"{path} exists; pass --force to replace it.", err=True)
        sys.exit(1)
    centre = str(config.get("CENTRE_NAME") or "Training centre")
    cert = create_self_signed(
        path,
        str(config.get("SIGNING_P12_PASSWORD") or ""),
        common_name=f"{centre} (self-signed, development)",
        organisation=centre,
    )
    click.echo(f"Wrote a self-signed signing key to {path}")
    click.echo(f"Valid until {cert.not_valid_after_utc:%d %b %Y}; not for production.")
