"""The personal-data scan is linear and bounded (issue 16 #1: one upload froze the server)."""

from __future__ import annotations

import re
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest

from portfolio.evidence.domain import personal_data
from portfolio.evidence.services.uploads import check_upload

MAX_BOUND = 64
REPEATS = {
    sre_constants.MAX_REPEAT,
    sre_constants.MIN_REPEAT,
    sre_constants.POSSESSIVE_REPEAT,
}


def _repeat_bounds(parsed: Any) -> list[int]:
    """Upper bounds of every repetition in a parsed pattern, nested ones included."""
    bounds: list[int] = []
    for op, arg in parsed:
        if op in REPEATS:
            bounds.append(arg[1])
            bounds += _repeat_bounds(arg[2])
        elif op is sre_constants.SUBPATTERN:
            bounds += _repeat_bounds(arg[-1])
        elif op is sre_constants.BRANCH:
            for branch in arg[1]:
                bounds += _repeat_bounds(branch)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            bounds += _repeat_bounds(arg[1])
    return bounds


@pytest.mark.parametrize("kind", sorted(personal_data.PII_PATTERNS))
def test_every_repetition_is_bounded(kind: str) -> None:
    """No ``+`` or ``*``: the work per start position has a constant ceiling."""
    pattern = personal_data.PII_PATTERNS[kind]
    bounds = _repeat_bounds(sre_parse.parse(pattern.pattern))
    assert bounds, kind
    assert max(bounds) <= MAX_BOUND, (kind, bounds)
    assert sre_constants.MAXREPEAT not in bounds


@pytest.mark.parametrize("kind", sorted(personal_data.PII_PATTERNS))
def test_every_pattern_is_anchored_at_the_start(kind: str) -> None:
    """A match cannot start inside a run that could have continued it."""
    first_op, _ = sre_parse.parse(personal_data.PII_PATTERNS[kind].pattern)[0]
    assert first_op in (sre_constants.ASSERT_NOT, sre_constants.AT)


def _work_bound(length: int) -> int:
    """Worst-case regex steps for ``length`` characters: starts × the longest match."""
    longest = 0
    for pattern in personal_data.PII_PATTERNS.values():
        longest = max(longest, sum(_repeat_bounds(sre_parse.parse(pattern.pattern))))
    return min(length, personal_data.MAX_SCAN_CHARS) * (longest + 1)


def test_counted_work_grows_linearly_and_stops_at_the_scan_limit() -> None:
    """Ten times the text costs at most ten times the work, and beyond the cap nothing."""
    small, large = _work_bound(2 * 1024 * 1024), _work_bound(20 * 1024 * 1024)
    assert large <= 10 * small
    assert _work_bound(10**9) == _work_bound(personal_data.MAX_SCAN_CHARS)


ADVERSARIAL = ["a" * 300_000, "a@" * 150_000, "a.b@c" * 60_000, "0" * 300_000]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=["letters", "ats", "dots", "digits"])
def test_adversarial_text_is_scanned(text: str) -> None:
    """The inputs that froze the old scan finish and report sensible counts."""
    found = {f.kind: f.count for f in personal_data.find_personal_data(text)}
    assert found.get("phone number", 0) == 0
    assert "email address" not in found or found["email address"] <= len(text) // 4


def test_a_20_mb_text_file_goes_through_the_upload_checks() -> None:
    """The whole path a web or API upload takes: check, extract, scan."""
    data = b"a" * (20 * 1024 * 1024)
    checked = check_upload(data, "notes.txt", max_bytes=len(data))
    assert personal_data.find_personal_data(checked.text) == []


def test_real_addresses_are_still_found() -> None:
    """The bounds do not lose ordinary addresses."""
    text = "jo.bloggs+x@mail.example.co.uk, a@b.io and x@y"
    found = {f.kind: f.count for f in personal_data.find_personal_data(text)}
    assert found == {"email address": 2}
    assert re.fullmatch(personal_data.PII_PATTERNS["email address"], "a" * 64 + "@b.io")
