"""RQ worker entry point: `python worker.py` runs export jobs with the app's config."""

from __future__ import annotations

import os

from redis import Redis
from rq import Queue, Worker

from portfolio import create_app


def main() -> None:
    """Serve the exports queue inside one application context."""
    app = create_app()
    connection = Redis.from_url(os.environ.get("REDIS_URL", app.config["REDIS_URL"]))
    queue = Queue(app.config.get("EXPORT_QUEUE", "exports"), connection=connection)
    with app.app_context():
        Worker([queue], connection=connection).work()


if __name__ == "__main__":
    main()
