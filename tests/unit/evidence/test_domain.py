"""The evidence domain: transitions, versions, claims, hashing, personal data."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.errors import ConflictError, ValidationError
from portfolio.evidence.domain import (
    details,
    personal_data,
    signing,
    versions,
    workflow,
)
from portfolio.evidence.domain.workflow import Actor, Status

ALLOWED = {
    (Status.DRAFT, "submit", Actor.LEARNER): Status.SUBMITTED,
    (Status.RETURNED, "submit", Actor.LEARNER): Status.SUBMITTED,
    (Status.SUBMITTED, "accept", Actor.ASSESSOR): Status.ACCEPTED,
    (Status.SUBMITTED, "return", Actor.ASSESSOR): Status.RETURNED,
    (Status.DRAFT, "withdraw", Actor.LEARNER): Status.WITHDRAWN,
    (Status.RETURNED, "withdraw", Actor.LEARNER): Status.WITHDRAWN,
    (Status.SUBMITTED, "withdraw", Actor.LEARNER): Status.WITHDRAWN,
}
CASES = [
    (s, a, w)
    for s in Status
    for a in ("submit", "accept", "return", "withdraw")
    for w in Actor
]


@pytest.mark.parametrize(("status", "action", "who"), CASES)
def test_every_status_action_actor_triple_follows_the_table(
    status, action, who
) -> None:
    expected = ALLOWED.get((status, action, who))
    if expected is None:
        with pytest.raises(ConflictError):
            workflow.transition(status, action, who)
    else:
        assert workflow.transition(status, action, who) == expected


@pytest.mark.parametrize("status", list(Status))
def test_only_drafts_and_returned_items_can_change(status) -> None:
    if status in (Status.DRAFT, Status.RETURNED):
        workflow.check_editable(status)
    else:
        with pytest.raises(ConflictError):
            workflow.check_editable(status)


def test_a_submitted_version_is_never_edited_in_place() -> None:
    assert versions.needs_new_version("draft", current_submitted=False) is False
    assert versions.needs_new_version("returned", current_submitted=True) is True
    with pytest.raises(ConflictError):
        versions.needs_new_version("submitted", current_submitted=True)


def test_a_returned_item_goes_back_only_as_a_new_version() -> None:
    with pytest.raises(ConflictError, match="new version"):
        workflow.check_submittable("returned", current_submitted=True)
    workflow.check_submittable("returned", current_submitted=False)


def test_titles_and_dates_are_checked() -> None:
    with pytest.raises(ValidationError) as exc:
        details.check_title("   ")
    assert exc.value.field == "title"
    with pytest.raises(ValidationError):
        details.check_title("x" * 201)
    assert details.check_title("  Order  ") == "Order"
    with pytest.raises(ValidationError, match="future"):
        details.check_evidence_date(date(2030, 1, 2), date(2030, 1, 1))


def test_claims_must_belong_to_the_unit_and_be_one_line() -> None:
    codes = {"MP1", "MP2"}
    assert details.check_claims({"MP1": " shows it "}, codes, "HSO") == {
        "MP1": "shows it"
    }
    with pytest.raises(ValidationError, match="not a criterion of unit HSO"):
        details.check_claims({"X1": "from another unit"}, codes, "HSO")
    with pytest.raises(ValidationError, match="one line"):
        details.check_claims({"MP1": "two\nlines"}, codes, "HSO")
    with pytest.raises(ValidationError, match="how this evidence shows"):
        details.check_claims({"MP1": ""}, codes, "HSO")
    with pytest.raises(ValidationError):
        details.check_claims({"MP1": "x" * 301}, codes, "HSO")


GOLDEN = {
    "testimony_id": 7,
    "learner_id": 3,
    "statement": "Priya entered the order accurately — £1,234.50.",
    "witnessed": "Urgent order",
    "date_from": date(2026, 11, 2),
    "date_to": date(2026, 11, 20),
    "criteria": ["MP1", "MP2"],
    "signer_name": "Sam Supervisor",
    "signer_job_title": "Manager",
    "declaration": signing.DECLARATION,
    "signed_at": datetime(2026, 11, 28, 9, 30, tzinfo=UTC),
}


def test_canonical_json_is_sorted_compact_utf8() -> None:
    text = signing.canonical_json({"b": 1, "a": "é", "d": date(2026, 1, 2)})
    assert text == '{"a":"é","b":1,"d":"2026-01-02"}'


def test_golden_hash_pins_the_canonicalisation() -> None:
    # If this changes, every stored signature would read as tampered.
    assert signing.content_hash(GOLDEN) == (
        "9f954747d9be343569ef601011cc8849c038776882628199079843be0d8f661b"
    )


@given(st.randoms())
def test_hash_ignores_key_order_and_microseconds(rnd: random.Random) -> None:
    keys = list(GOLDEN)
    rnd.shuffle(keys)
    shuffled = {k: GOLDEN[k] for k in keys}
    shuffled["signed_at"] = GOLDEN["signed_at"].replace(microsecond=rnd.randint(0, 999))
    assert signing.content_hash(shuffled) == signing.content_hash(GOLDEN)


def test_any_change_of_signed_content_changes_the_hash() -> None:
    for key in GOLDEN:
        changed = dict(GOLDEN)
        changed[key] = "edited"
        assert signing.content_hash(changed) != signing.content_hash(GOLDEN)


def test_personal_data_is_detected_and_described() -> None:
    text = (
        "Call Jo Bloggs on 020 7946 0018 or 07700 900123, jo.bloggs@example.co.uk, "
        "deliver to 10 High St, Leeds LS1 4AP. Order 12345678 costs £1,234."
    )
    found = {f.kind: f.count for f in personal_data.find_personal_data(text)}
    assert found == {"email address": 1, "phone number": 2, "postcode": 1}
    assert personal_data.describe_findings(personal_data.find_personal_data(text)) == (
        "1 email address, 2 phone numbers and 1 postcode"
    )
    assert (
        personal_data.find_personal_data("Order 12345678 for 12 boxes on 28/11/2026")
        == []
    )


def test_email_normalisation_catches_plus_tags_and_case() -> None:
    assert (
        signing.normalise_email(" Learner+test@Example.COM ") == "learner@example.com"
    )
    assert signing.normalise_name("  Sam   SUPERVISOR ") == "sam supervisor"
