"""WSGI entry point for gunicorn: `gunicorn wsgi:app`.

Each worker fails, as it boots, the exports that a killed process on this host left
"running" (cheap: one query). Orphan files are left to `flask reconcile` and the
RQ worker, which also look at the store.
"""

import logging

from portfolio import create_app
from portfolio.cli.reconcile import run_reconciliation

app = create_app()
try:
    run_reconciliation(app, storage=False)
except Exception:  # noqa: BLE001 - a database not migrated yet must not stop boot
    logging.getLogger(__name__).exception("start-up reconciliation failed")
