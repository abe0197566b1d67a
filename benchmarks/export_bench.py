"""Benchmark the portfolio PDF export against WeasyPrint rendering it in one piece.

Run: ``.venv/bin/python -m benchmarks.export_bench [--sizes 10,100,300]``.

For each size, in one run on the same machine:
- cold: the export pipeline with an empty part cache (parts rendered in the pool);
- warm: the same export after one evidence item changed (the other parts cached);
- naive: WeasyPrint rendering the same final HTML as one document, in a fresh
  child process (so its memory does not inflate the parent's figures), tagged
  (PDF/UA) like the export's parts;
- the cost of tagging (cold minus a cold export with tags and signature off,
  minus signing) and of signing (the PAdES signature, with a throwaway
  self-signed key) shown apart.
Before any timing, one small export starts the render pool and the merge process
and loads their fonts, as they are in a long-lived web or RQ worker process; this
is like-for-like, since the naive figure does not count its child's start-up or
imports either (the table's first line says so).
Memory of the parent (the web process in production) is reported two ways:
``tracemalloc`` peak of Python allocations during the export, and the process's
resident-set high-water mark (``ru_maxrss``, never decreases within a run).
``tracemalloc`` slows every allocation in the parent, so the timed exports run
without it and one more cold export (a cache of its own) measures the Python peak.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import resource
import shutil
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from portfolio.devdata.export_fixture import sample_report
from portfolio.exports.domain.report import PortfolioReport
from portfolio.exports.services import parts
from portfolio.exports.services.html import render_document
from portfolio.exports.services.pipeline import BuildResult, Settings, build_pdf
from portfolio.pdf.pool import default_workers, peak_rss_mib, shutdown_pools
from portfolio.pdf.signing import SigningKey, create_self_signed

RESULTS = Path(__file__).resolve().parent / "results"
EXPORT_ID = "00000000-bench-0000-0000-000000000000"


def _naive_child(html_path: str, roots: list[str], queue) -> None:  # noqa: ANN001
    """Render one HTML file in one piece; report seconds, pages and peak RSS."""
    from portfolio.pdf.render import html_to_pdf

    html = Path(html_path).read_text()
    started = time.perf_counter()
    result = html_to_pdf(html, roots=roots)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"seconds": seconds, "pages": result.pages, "peak_rss_mib": peak})


def naive(report: PortfolioReport, result: BuildResult, settings: Settings) -> dict:
    """WeasyPrint on the same final HTML (contents with the real page numbers)."""
    ordered = [
        *parts.front_parts(report, settings.verify_url),
        parts.contents_part(result.contents),
        *parts.body_parts(report),
        *parts.back_parts(report, settings.verify_url),
    ]
    html = render_document(ordered, report, settings.storage_root)
    html_path = settings.cache_dir.parent / "naive.html"
    html_path.write_text(html)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(
        target=_naive_child, args=(str(html_path), [str(settings.storage_root)], queue)
    )
    child.start()
    figures = queue.get()
    child.join()
    return figures


def _timed_export(
    report: PortfolioReport, settings: Settings, out: Path, *, trace: bool = False
) -> dict:
    """One export; with ``trace``, the parent's Python peak allocations too."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = build_pdf(report, export_id=EXPORT_ID, out_path=out, settings=settings)
    seconds = time.perf_counter() - started
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "seconds": round(seconds, 2),
        "pages": result.pages,
        "rendered_parts": result.rendered,
        "cached_parts": result.cached,
        "size_mib": round(result.size / 2**20, 2),
        "parent_tracemalloc_peak_mib": round(peak / 2**20, 1),
        "parent_peak_rss_mib": round(peak_rss_mib(), 1),
        "merge_worker_peak_rss_mib": round(result.merge_peak_mib, 1),
        "merge_seconds": round(result.merge_seconds, 2),
        "sign_seconds": round(result.sign_seconds, 3),
        "_result": result,
    }


def _changed(report: PortfolioReport) -> PortfolioReport:
    """The same report with one evidence item edited (a new version)."""
    items = list(report.evidence)
    middle = len(items) // 2
    item = items[middle]
    items[middle] = dataclasses.replace(
        item, version=item.version + 1, description=item.description + " Amended."
    )
    return dataclasses.replace(report, evidence=tuple(items))


def _load() -> float:
    """The machine's one-minute load average (other users share the cores)."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def _median(runs: list[dict]) -> dict:
    """The run with the median time (the middle one of an odd number)."""
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def run_size(items: int, folder: Path, key: SigningKey, repeat: int = 3) -> dict:
    """Cold, warm and naive figures for one portfolio size (medians of ``repeat``).

    Each cold export starts from its own empty part cache; the warm one follows it
    with one item changed; the naive render runs as often. The machine's two cores
    are shared, so one run alone swings by a third either way.
    """
    storage = folder / f"storage-{items}"
    report = sample_report(items, storage)
    settings = Settings(
        storage_root=storage,
        cache_dir=folder / f"cache-{items}",
        verify_url="https://portfolio.example/verify",
        signing=key,
    )
    untagged = dataclasses.replace(
        settings,
        cache_dir=folder / f"cache-untagged-{items}",
        tagged=False,
        signing=None,
    )
    load = [_load()]
    plain = _timed_export(report, untagged, folder / f"untagged-{items}.pdf")
    plain.pop("_result")
    colds, warms = [], []
    for n in range(repeat):
        fresh = dataclasses.replace(settings, cache_dir=folder / f"cache-{items}-{n}")
        colds.append(_timed_export(report, fresh, folder / f"cold-{items}.pdf"))
        changed = _changed(report)
        warms.append(_timed_export(changed, fresh, folder / f"warm-{items}.pdf"))
    cold, warm = _median(colds), _median(warms)
    load.append(_load())
    result = cold.pop("_result")
    floor = _median([naive(report, result, settings) for _ in range(repeat)])
    load.append(_load())
    for run in (*colds, *warms):
        run.pop("_result", None)
    traced = _timed_export(
        report,
        dataclasses.replace(settings, cache_dir=folder / f"cache-traced-{items}"),
        folder / f"traced-{items}.pdf",
        trace=True,
    )
    cold["parent_tracemalloc_peak_mib"] = traced["parent_tracemalloc_peak_mib"]
    return {
        "items": items,
        "load_avg_1min": load,  # before cold, before naive, after naive
        "cold": cold,
        "warm_one_changed": warm,
        "naive": {k: round(v, 2) for k, v in floor.items()},
        "cold_over_naive": round(cold["seconds"] / floor["seconds"], 2),
        "warm_over_cold": round(warm["seconds"] / cold["seconds"], 2),
        "cold_untagged_unsigned_seconds": plain["seconds"],
        "tagging_seconds": round(
            cold["seconds"] - cold["sign_seconds"] - plain["seconds"], 2
        ),
        "signing_seconds": cold["sign_seconds"],
    }


def _warm_up(folder: Path, key: SigningKey) -> None:
    """Start the pool, load fonts and the key once, as a long-running process has."""
    storage = folder / "storage-warmup"
    settings = Settings(
        storage, folder / "cache-warmup", "https://x/verify", signing=key
    )
    build_pdf(
        sample_report(2, storage, files=False),
        export_id=EXPORT_ID,
        out_path=folder / "warmup.pdf",
        settings=settings,
    )


def _table(rows: list[dict]) -> str:
    """The results as a plain-text table."""
    head = (
        f"{'items':>5} {'pages':>5} {'cold s':>7} {'naive s':>8} {'ratio':>6} "
        f"{'warm s':>7} {'warm/cold':>9} {'parent py MiB':>13} {'parent RSS':>10} "
        f"{'naive RSS':>9} {'merge RSS':>9} {'untagged s':>10} {'tag s':>6} "
        f"{'sign s':>6} {'load (cold/naive/end)':>22}"
    )
    lines = [head]
    for r in rows:
        c, w, n = r["cold"], r["warm_one_changed"], r["naive"]
        lines.append(
            f"{r['items']:>5} {c['pages']:>5} {c['seconds']:>7} {n['seconds']:>8} "
            f"{r['cold_over_naive']:>6} {w['seconds']:>7} {r['warm_over_cold']:>9} "
            f"{c['parent_tracemalloc_peak_mib']:>13} {c['parent_peak_rss_mib']:>10} "
            f"{n['peak_rss_mib']:>9} {c['merge_worker_peak_rss_mib']:>9} "
            f"{r['cold_untagged_unsigned_seconds']:>10} {r['tagging_seconds']:>6} "
            f"{r['signing_seconds']:>6} "
            f"{'/'.join(str(x) for x in r['load_avg_1min']):>22}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark, print a table and save JSON under benchmarks/results/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,300")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        key = SigningKey(str(folder / "bench.p12"), "bench")
        create_self_signed(
            Path(key.p12_path), "bench", common_name="Bench", organisation="Bench"
        )
        _warm_up(folder, key)
        rows = [run_size(n, folder, key, args.repeat) for n in sizes]
    finally:
        shutdown_pools()
        shutil.rmtree(folder, ignore_errors=True)
    summary = {
        "benchmark": "export_bench",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "workers": default_workers(),
        "protocol": "render pool and merge process started before timing; "
        "naive render timed inside its child, start-up and imports excluded",
        "memory": "parent: tracemalloc peak (Python heap) and ru_maxrss; "
        "naive and merge: ru_maxrss of their own processes",
        "rows": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = summary["when"].replace(":", "")
    (RESULTS / f"export_bench-{stamp}.json").write_text(json.dumps(summary, indent=2))
    print(
        "pool and merge process started before timing (as in a long-lived web or "
        "RQ worker); naive: one WeasyPrint render in a child, its start-up excluded"
    )
    print(_table(rows))
    return summary


if __name__ == "__main__":
    main()
