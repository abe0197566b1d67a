"""The audit hash chain, without a database."""

from portfolio.audit import chain


def _links(n: int) -> list[chain.Link]:
    """Build a valid chain of n links."""
    out, prev = [], chain.GENESIS
    for i in range(1, n + 1):
        fields = {"action": f"a{i}", "object_id": str(i)}
        h = chain.link_hash(prev, fields)
        out.append(chain.Link(i, fields, prev, h))
        prev = h
    return out


def test_valid_chain_verifies() -> None:
    assert chain.verify(_links(1000)) is None


def test_edited_content_is_reported_at_that_row() -> None:
    links = _links(10)
    bad = links[4]
    links[4] = chain.Link(
        bad.id, {**bad.fields, "action": "edited"}, bad.prev_hash, bad.hash
    )
    broken = chain.verify(links)
    assert broken is not None and broken.id == 5
    assert "content" in broken.reason


def test_deleted_row_is_detected_at_the_next_row() -> None:
    links = _links(10)
    del links[3]
    broken = chain.verify(links)
    assert broken is not None and broken.id == 5
    assert "previous-hash" in broken.reason


def test_rehashed_row_still_breaks_the_following_link() -> None:
    links = _links(5)
    bad = links[1]
    fields = {**bad.fields, "action": "forged"}
    links[1] = chain.Link(
        bad.id, fields, bad.prev_hash, chain.link_hash(bad.prev_hash, fields)
    )
    broken = chain.verify(links)
    assert broken is not None and broken.id == 3


def test_canonical_is_order_independent() -> None:
    assert chain.canonical({"b": 1, "a": 2}) == chain.canonical({"a": 2, "b": 1})
