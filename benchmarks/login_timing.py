"""Login timing: unknown e-mail versus known e-mail with a wrong password (issue 16 #4).

Posts the sign-in form through the Flask test client with production Argon2 costs
(t=3, m=64 MiB) and prints the median of each case and their ratio; the target is
within 20 %. Run with ``.venv/bin/python -m benchmarks.login_timing [--trials N]``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from portfolio import create_app
from portfolio.config import TestConfig
from portfolio.extensions import db
from tests.factories import make_people


def _app(folder: Path):  # type: ignore[no-untyped-def]
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "STORAGE_DIR": str(folder / "storage"),
            "ARGON2_TIME_COST": 3,
            "ARGON2_MEMORY_KIB": 64 * 1024,
        },
        config=TestConfig,
    )
    with app.app_context():
        db.create_all()
        make_people(db.session)
        db.session.commit()
    return app


def _attempt(app, email: str) -> float:  # type: ignore[no-untyped-def]
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    start = time.perf_counter()
    client.post(
        "/auth/login",
        data={"email": email, "password": "wrong password 1", "csrf_token": token},
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Print the medians and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder))
        _attempt(app, "nobody@test.example")  # warm-up (builds the dummy hash)
        unknown, known = [], []
        for _ in range(args.trials):  # interleaved, so drift affects both alike
            unknown.append(_attempt(app, "nobody@test.example"))
            known.append(_attempt(app, "learner@test.example"))
    u, k = statistics.median(unknown), statistics.median(known)
    print(f"unknown e-mail       median {u * 1000:7.1f} ms over {args.trials}")
    print(f"known, wrong password median {k * 1000:7.1f} ms over {args.trials}")
    print(f"difference {abs(u - k) / k * 100:5.1f} % (target within 20 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
