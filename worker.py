"""RQ worker entry point: `python worker.py` runs export jobs with the app's config.

At start it reconciles (``flask reconcile``): an export that a killed worker left
"running" is marked failed, so it can be started again.
"""

from __future__ import annotations

import os

from redis import Redis
from rq import Queue, Worker

from portfolio import create_app
from portfolio.cli.reconcile import run_reconciliation


def main() -> None:
    """Reconcile, then serve the exports queue inside one application context."""
    app = create_app()
    for line in run_reconciliation(app):
        print(line, flush=True)
    connection = Redis.from_url(os.environ.get("REDIS_URL", app.config["REDIS_URL"]))
    queue = Queue(app.config.get("EXPORT_QUEUE", "exports"), connection=connection)
    with app.app_context():
        Worker([queue], connection=connection).work()


if __name__ == "__main__":
    main()
