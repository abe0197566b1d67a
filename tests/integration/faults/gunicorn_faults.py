"""gunicorn config for the fault tests: freeze a worker at FAULT_AT, then wait to die.

FAULT_AT=rename: the upload's bytes are in a temp file, not yet renamed into place.
FAULT_AT=stored: the object is stored, its row not yet committed.
The worker touches FAULT_MARK when it gets there, so the test knows when to kill.
"""

import os
import time
from pathlib import Path


def _freeze() -> None:
    Path(os.environ["FAULT_MARK"]).write_text(str(os.getpid()))
    time.sleep(120)


def post_fork(server, worker):  # noqa: ANN001, ANN201, ARG001
    """Install the freeze point in this worker."""
    from portfolio.evidence.services import storage

    where = os.environ.get("FAULT_AT")
    if where == "rename":
        real_replace = os.replace

        class _Os:
            def __getattr__(self, name):  # noqa: ANN001, ANN204
                return getattr(os, name)

            @staticmethod
            def replace(src, dst):  # noqa: ANN001, ANN205
                _freeze()
                return real_replace(src, dst)

        storage.os = _Os()
    elif where == "stored":
        real_put = storage.LocalStorage.put

        def put(self, data):  # noqa: ANN001, ANN202
            sha = real_put(self, data)
            _freeze()
            return sha

        storage.LocalStorage.put = put
