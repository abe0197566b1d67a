"""Page arithmetic for a document made of separately rendered blocks (pure).

The export is rendered in parts; the contents page and the bookmarks need the
first page of every part, which is known only once the parts' page counts are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """A run of pages in the final file; ``pages == 0`` marks a heading only."""

    key: str
    title: str
    level: int
    pages: int
    in_contents: bool = True


@dataclass(frozen=True)
class Placed:
    """A block with its first page number (1-based) in the final file."""

    block: Block
    first_page: int


@dataclass(frozen=True)
class Entry:
    """One line of the contents (and one bookmark)."""

    title: str
    level: int
    page: int


def place(blocks: Sequence[Block]) -> list[Placed]:
    """Give each block its first page; a heading takes the next block's page."""
    placed: list[Placed] = []
    page = 1
    for block in blocks:
        placed.append(Placed(block, page))
        page += block.pages
    return placed


def total_pages(blocks: Sequence[Block]) -> int:
    """Pages of the whole document."""
    return sum(b.pages for b in blocks)


def entries(placed: Sequence[Placed]) -> list[Entry]:
    """Contents entries, in document order."""
    return [
        Entry(p.block.title, p.block.level, p.first_page)
        for p in placed
        if p.block.in_contents
    ]


def with_pages(blocks: Sequence[Block], key: str, pages: int) -> list[Block]:
    """The same blocks with the page count of ``key`` replaced."""
    return [
        Block(b.key, b.title, b.level, pages, b.in_contents) if b.key == key else b
        for b in blocks
    ]
