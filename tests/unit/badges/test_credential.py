"""The OpenBadgeCredential built from plain facts (no app, no database)."""

from __future__ import annotations

from datetime import UTC, datetime

from portfolio.badges.domain import credential as ob

FACTS = ob.BadgeFacts(
    credential_url="https://c.example/badges/credentials/abc",
    issuer_url="https://c.example/",
    issuer_name="Northgate Training Centre",
    learner_name="Ada Learner",
    learner_email="Ada@Example.com ",
    salt="s1",
    achievement_url="https://c.example/badges/achievements/HSO1",
    unit_code="HSO1",
    unit_title="Handling sales orders",
    unit_summary="",
    criteria=(ob.Criterion("K1", "Explain the order process"),),
    awarded_at=datetime(2026, 11, 27, 9, 30, 15, 123456, tzinfo=UTC),
    export_id=None,
    verify_url="https://c.example/verify",
)


def test_identity_hash_is_salted_sha256_of_the_normalised_email() -> None:
    assert ob.identity_hash("Ada@Example.com ", "s1") == ob.identity_hash(
        "ada@example.com", "s1"
    )
    assert ob.identity_hash("ada@example.com", "s1").startswith("sha256$")
    assert ob.identity_hash("ada@example.com", "s2") != ob.identity_hash(
        "ada@example.com", "s1"
    )


def test_credential_names_learner_unit_and_criteria_without_the_email() -> None:
    doc = ob.build_credential(FACTS)
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["validFrom"] == "2026-11-27T09:30:15Z"
    achievement = doc["credentialSubject"]["achievement"]
    assert achievement["description"] == "Handling sales orders"  # summary empty
    assert "**K1**: Explain the order process" in achievement["criteria"]["narrative"]
    assert "ada@example.com" not in str(doc).lower()
    assert "evidence" not in doc  # no export yet


def test_evidence_points_at_the_export_and_its_verification() -> None:
    from dataclasses import replace

    doc = ob.build_credential(replace(FACTS, export_id="9f1c"))
    assert doc["evidence"][0]["id"] == "https://c.example/verify#export-9f1c"


def test_jwt_claims_carry_the_credential_id_and_issuer() -> None:
    doc = ob.build_credential(FACTS)
    claims = ob.jwt_claims(doc, FACTS.awarded_at)
    assert claims["jti"] == doc["id"] and claims["iss"] == "https://c.example/"
    assert claims["nbf"] == int(FACTS.awarded_at.timestamp())


def test_status_follows_the_sign_off() -> None:
    assert ob.status_of(locked=True, unlocked=False) == ob.BadgeStatus.VALID
    assert ob.status_of(locked=True, unlocked=True) == ob.BadgeStatus.REVOKED
    assert ob.status_of(locked=False, unlocked=False) == ob.BadgeStatus.INVALID
