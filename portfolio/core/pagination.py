"""A small page object for long lists (LIMIT/OFFSET with a total)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request


def page_arg(name: str = "page") -> int:
    """The 1-based page number from the query string, clamped to ≥ 1."""
    value = request.args.get(name, "1")
    return max(1, int(value)) if value.isdigit() else 1


@dataclass(frozen=True)
class Page:
    """Items of one page plus what the pager needs."""

    items: list[Any]
    number: int
    per_page: int
    total: int

    @classmethod
    def of(cls, rows: list[Any], number: int, per_page: int) -> Page:
        """The page ``number`` of a list already in memory (clamped to the last)."""
        last = max(1, -(-len(rows) // per_page))
        number = min(number, last)
        start = (number - 1) * per_page
        return cls(rows[start : start + per_page], number, per_page, len(rows))

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.number < self.pages
