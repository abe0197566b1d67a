"""Page arithmetic for parts rendered separately."""

from portfolio.pdf.assemble import Block, entries, place, total_pages, with_pages


def test_blocks_are_numbered_from_one_and_headings_take_the_next_page() -> None:
    blocks = [
        Block("cover", "Cover", 1, 1),
        Block("contents", "Contents", 1, 2),
        Block("evidence", "Evidence", 1, 0),
        Block("e1", "E1 Order", 2, 3),
        Block("e1:pdf", "Appended file: note.pdf", 3, 4),
        Block("e2", "E2 Email", 2, 1),
    ]
    got = [(e.title, e.level, e.page) for e in entries(place(blocks))]
    assert got == [
        ("Cover", 1, 1),
        ("Contents", 1, 2),
        ("Evidence", 1, 4),
        ("E1 Order", 2, 4),
        ("Appended file: note.pdf", 3, 7),
        ("E2 Email", 2, 11),
    ]
    assert total_pages(blocks) == 11


def test_a_longer_contents_moves_every_later_page() -> None:
    blocks = [
        Block("cover", "Cover", 1, 1),
        Block("contents", "Contents", 1, 1),
        Block("e1", "E1", 2, 2),
    ]
    longer = with_pages(blocks, "contents", 3)
    assert entries(place(longer))[-1].page == entries(place(blocks))[-1].page + 2


def test_blocks_left_out_of_the_contents_still_take_pages() -> None:
    blocks = [Block("a", "A", 1, 2, in_contents=False), Block("b", "B", 1, 1)]
    assert [(e.title, e.page) for e in entries(place(blocks))] == [("B", 3)]
