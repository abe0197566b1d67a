"""The process's run cache stays within its budget of stored text."""

from __future__ import annotations

from portfolio.simulator.services.run_cache import KeptRun, RunCache


def _kept(size: int) -> KeptRun:
    """A kept run whose stored text is ``size`` bytes (documents are stand-ins)."""
    return KeptRun("s" * (size // 2), None, "t" * (size - size // 2), None, (), None, 0)  # type: ignore[arg-type]


def test_the_least_recently_used_runs_go_first_when_the_budget_is_reached() -> None:
    cache = RunCache(budget=1000)
    for run_id in (1, 2, 3):
        cache.put(run_id, _kept(300))
    assert cache.get(1) is not None  # 1 is now the most recently used
    cache.put(4, _kept(300))
    assert cache.get(2) is None and len(cache) == 3
    assert cache.used == 900


def test_a_run_bigger_than_the_budget_is_not_kept() -> None:
    cache = RunCache(budget=1000)
    cache.put(1, _kept(400))
    cache.put(1, _kept(1001))  # it grew past the budget: the old copy goes too
    assert cache.get(1) is None and cache.used == 0


def test_keeping_a_run_again_counts_it_once() -> None:
    cache = RunCache(budget=1000)
    cache.put(1, _kept(400))
    cache.put(1, _kept(500))
    assert cache.used == 500 and len(cache) == 1
    cache.clear()
    assert cache.used == 0 and cache.get(1) is None
