"""Run every benchmark module present (``benchmarks/*_bench.py``), one after another."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    """Import each ``*_bench`` module and call its ``main()`` with no arguments."""
    folder = Path(__file__).resolve().parent
    for path in sorted(folder.glob("*_bench.py")):
        name = f"benchmarks.{path.stem}"
        print(f"== {name}", flush=True)
        importlib.import_module(name).main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
