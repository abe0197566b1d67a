"""Seed loaders beyond the criteria framework; features register theirs here."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session


def load_extra_seeds(session: Session, seeds_dir: Path) -> int:
    """Load every feature's seed data; return rows changed."""
    from portfolio.simulator.content import load_content

    return load_content(session, seeds_dir)
