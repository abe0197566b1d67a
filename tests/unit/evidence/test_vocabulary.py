"""The evidence vocabulary (kinds, contexts), files and quota, simulator records."""

from __future__ import annotations

import pytest

from portfolio.errors import ValidationError
from portfolio.evidence.domain import files, kinds, signing, simulator_records, versions
from portfolio.evidence.domain.kinds import Context, Kind


def test_every_kind_has_a_label_and_only_five_are_stored() -> None:
    assert {k: k.label for k in Kind} == {
        Kind.WORK_PRODUCT: "Work product",
        Kind.WITNESS_TESTIMONY: "Witness testimony",
        Kind.REFLECTION: "Reflection",
        Kind.PROFESSIONAL_DISCUSSION: "Professional discussion record",
        Kind.OBSERVATION: "Observation",
        Kind.SIMULATOR_RECORD: "Simulator record",
    }
    assert Kind.SIMULATOR_RECORD not in kinds.ITEM_KINDS
    assert set(kinds.ITEM_KINDS) == set(Kind) - {Kind.SIMULATOR_RECORD}
    assert set(kinds.WRITTEN_KINDS) <= set(kinds.ITEM_KINDS)


def test_a_simulator_work_product_is_shown_as_a_simulator_record() -> None:
    assert (
        kinds.shown_kind("work_product", from_simulator=True) is Kind.SIMULATOR_RECORD
    )
    assert kinds.shown_kind("work_product", from_simulator=False) is Kind.WORK_PRODUCT
    assert kinds.shown_kind("reflection", from_simulator=True) is Kind.REFLECTION


def test_an_item_cannot_store_a_kind_that_only_readers_see() -> None:
    assert kinds.item_kind("observation") is Kind.OBSERVATION
    for bad in ("simulator_record", "nonsense"):
        with pytest.raises(ValueError):
            kinds.item_kind(bad)


def test_contexts_read_as_words() -> None:
    assert [(c.value, c.label) for c in Context] == [
        ("workplace", "Workplace"),
        ("simulation", "Simulation"),
    ]


def test_a_submitted_version_locks_all_its_content_and_its_submission() -> None:
    assert set(versions.LOCKED_FIELDS) == {*versions.VERSION_CONTENT, "submitted_at"}
    assert "pii_findings" in versions.VERSION_CONTENT


@pytest.mark.parametrize("state", ["signed", "declined", "cancelled"])
def test_a_closed_request_cannot_be_signed(state: str) -> None:
    with pytest.raises(signing.LinkError) as exc:
        signing.check_open(state)
    assert exc.value.status == 410
    signing.check_open("awaiting")


def test_size_and_quota_refuse_on_the_file_field() -> None:
    with pytest.raises(ValidationError, match="empty") as exc:
        files.check_size(0, 100)
    assert exc.value.field == "file"
    with pytest.raises(ValidationError, match="smaller than"):
        files.check_size(101, 100)
    files.check_size(100, 100)
    quota = files.Quota(files=2, megabytes=1)
    quota.check(used_bytes=0, used_files=1, size=files.MEGABYTE)
    with pytest.raises(ValidationError, match="storage limit"):
        quota.check(used_bytes=0, used_files=2, size=1)
    with pytest.raises(ValidationError, match="storage limit"):
        quota.check(used_bytes=1, used_files=0, size=files.MEGABYTE)


def test_simulator_documents_suggest_their_criteria_and_one_line_reasons() -> None:
    assert simulator_records.suggested_codes("order_form", ["MP1", "MP2"], "R3") == [
        "MP1",
        "R3",
    ]
    assert simulator_records.suggested_codes("unknown", ["MP1"], None) == []
    score = {"criteria": {"MP1": {"met": False, "findings": [{"message": "a\nb"}]}}}
    line = simulator_records.justification("MP1", 7, "urgent", score)
    assert line == "Simulated urgent order: MP1 not yet met (a b)."
    plain = simulator_records.justification("R3", 7, "urgent", score)
    assert plain == "Simulated urgent order: completed end to end."
    long = {"criteria": {"MP1": {"met": True, "findings": [{"message": "x" * 400}]}}}
    assert len(simulator_records.justification("MP1", 1, "standard", long)) == 300
