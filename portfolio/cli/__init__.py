"""Command-line interface: `flask --app portfolio <command>`, one module per group."""

from __future__ import annotations

from flask import Flask

from portfolio.cli import (
    accounts,
    audit,
    backup,
    exports,
    pagecache,
    progress,
    reconcile,
    seed,
    signing,
)


def register(app: Flask) -> None:
    """Add every command group to the app's CLI."""
    for command in (
        seed.seed_command,
        audit.audit_verify_command,
        accounts.create_user_command,
        accounts.create_admin_command,
        accounts.create_token_command,
        exports.export_pdf_command,
        exports.export_pack_command,
        signing.signing_key_group,
        backup.backup_command,
        backup.restore_command,
        reconcile.reconcile_command,
        pagecache.page_cache_group,
        progress.progress_group,
    ):
        app.cli.add_command(command)
