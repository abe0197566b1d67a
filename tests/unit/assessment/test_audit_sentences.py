"""Audit events read as sentences, EQA access included."""

from __future__ import annotations

from portfolio.assessment.domain.audit_sentences import kind_of, sentence


def test_a_grant_names_the_assurer_and_how_long() -> None:
    said = sentence("eqa.granted", {"eqa": "Alex Auditor", "days": 28})
    assert said == "gave Alex Auditor read-only access to the portfolio for 28 days"
    one = sentence("eqa.granted", {"eqa": "Alex Auditor", "days": 1})
    assert one.endswith("for 1 day")


def test_eqa_links_read_as_sentences_in_their_own_group() -> None:
    assert "one-time code" in sentence("eqa.link_sent", {})
    assert "one-time code" in sentence("eqa.link_opened", {})
    assert kind_of("eqa.link_opened") == "eqa"
