"""`flask page-cache clear`: invalidate every cached page after writes made outside."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portfolio.core import pagecache


@click.group("page-cache")
def page_cache_group() -> None:
    """The shared cache of whole pages (docs/running-at-scale.md)."""


@page_cache_group.command("clear")
@with_appcontext
def clear_command() -> None:
    """Invalidate every cached page (after psql or another program wrote rows)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if pagecache.cache_of(app) is None:
        click.echo("The page cache is off (no Redis configured): nothing to clear.")
        return
    pagecache.bump_all(app)
    click.echo("Every cached page will be rendered afresh.")
