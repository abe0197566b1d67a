"""Turn the report's rendered parts into numbered blocks and merge sources.

The cover part holds the declarations too (split at their anchor); a batch holds
several evidence items (split at their anchors); uploaded PDFs follow their item.
"""

from __future__ import annotations

from pathlib import Path

from portfolio.exports.domain.report import PortfolioReport
from portfolio.exports.services.parts import Part
from portfolio.pdf.appendix import pdf_page_count
from portfolio.pdf.assemble import Block
from portfolio.pdf.cache import PartInfo
from portfolio.pdf.merge import Source


class Layout:
    """Blocks (for numbering and bookmarks) and sources (for merging) of a report."""

    def __init__(self, report: PortfolioReport, storage_root: Path) -> None:
        """Lay out ``report``, whose uploaded files live under ``storage_root``."""
        self.first_item = report.evidence[0].key if report.evidence else None
        self.storage_root = storage_root
        self._counts: dict[str, int] = {}

    def appended_pages(self, path: Path) -> int:
        """Pages of an uploaded PDF (counted once per build)."""
        key = str(path)
        if key not in self._counts:
            self._counts[key] = pdf_page_count(path) or 0
        return self._counts[key]

    def blocks(
        self, ordered: list[Part], infos: dict[str, PartInfo]
    ) -> tuple[list[Block], list[Source]]:
        """Blocks and sources in document order (unrendered parts guessed)."""
        blocks: list[Block] = []
        sources: list[Source] = []
        for part in ordered:
            info = infos.get(part.key)
            if info:
                sources.append(Source(info.path))
            if part.key == "cover":
                blocks.extend(self._cover(info))
                continue
            blocks.extend(self._members(part, info))
            for stored in part.appended:
                path = self.storage_root / stored.path
                count = self.appended_pages(path) if info else 1
                if count:
                    title = f"Appended file: {stored.name}"
                    blocks.append(Block(f"{part.key}:{stored.sha256}", title, 3, count))
                    label = (
                        f"Uploaded file {stored.name}, part of {part.members[-1].title}"
                    )
                    sources.append(Source(str(path), foreign=True, description=label))
        return blocks, sources

    @staticmethod
    def _cover(info: PartInfo | None) -> list[Block]:
        """The cover and declarations blocks (one rendered part)."""
        pages = info.pages if info else 1
        split = min(info.anchors.get("declarations", pages), pages) if info else 1
        return [
            Block("cover", "Cover", 1, split),
            Block("declarations", "Declarations", 1, pages - split),
        ]

    def _members(self, part: Part, info: PartInfo | None) -> list[Block]:
        """One block per member of a part, its pages found from the anchors."""
        members = part.members
        if info is None:
            starts = list(range(len(members))) + [len(members)]
        else:
            starts = [info.anchors.get(m.key, 0) for m in members] + [info.pages]
            if len(members) == 1:
                starts = [0, info.pages]
        blocks = []
        for index, member in enumerate(members):
            if member.key == self.first_item:
                blocks.append(Block("evidence", "Evidence", 1, 0))
            pages = starts[index + 1] - starts[index]
            blocks.append(Block(member.key, member.title, member.level, pages))
        return blocks
