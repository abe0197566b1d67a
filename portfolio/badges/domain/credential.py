"""The OB 3.0 ``OpenBadgeCredential`` (a W3C Verifiable Credential) as plain data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json"
)


class BadgeStatus(StrEnum):
    """What a verifier is told about a credential."""

    VALID = "valid"
    REVOKED = "revoked"
    INVALID = "invalid"


@dataclass(frozen=True)
class Criterion:
    """One assessment criterion the learner achieved."""

    code: str
    text: str


@dataclass(frozen=True)
class BadgeFacts:
    """Everything a credential states, gathered from the sign-off."""

    credential_url: str
    issuer_url: str
    issuer_name: str
    learner_name: str
    learner_email: str
    salt: str
    achievement_url: str
    unit_code: str
    unit_title: str
    unit_summary: str
    criteria: tuple[Criterion, ...]
    awarded_at: datetime
    export_id: str | None
    verify_url: str


def identity_hash(email: str, salt: str) -> str:
    """The OB ``IdentityHash`` of an email: ``sha256$`` + hex of email + salt."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return f"sha256${digest}"


def _stamp(value: datetime) -> str:
    """An ISO 8601 date-time with its zone, to the second."""
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _achievement(facts: BadgeFacts) -> dict[str, Any]:
    """The unit as an OB ``Achievement`` whose criteria name every criterion."""
    lines = "\n".join(f"- **{c.code}**: {c.text}" for c in facts.criteria)
    return {
        "id": facts.achievement_url,
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": f"{facts.unit_code}: {facts.unit_title}",
        "description": facts.unit_summary or facts.unit_title,
        "criteria": {
            "id": facts.achievement_url,
            "narrative": "Every assessment criterion of the unit was judged met "
            f"by the learner's assessor and the unit was signed off:\n{lines}",
        },
    }


def _evidence(facts: BadgeFacts) -> list[dict[str, Any]]:
    """The portfolio export the sign-off rests on, with where to verify it."""
    if facts.export_id is None:
        return []
    return [
        {
            "id": f"{facts.verify_url}#export-{facts.export_id}",
            "type": ["Evidence"],
            "name": f"Portfolio export {facts.export_id}",
            "description": "The assessed portfolio as a PDF; check its fingerprint "
            "at the verification address.",
            "genre": "Portfolio",
        }
    ]


def build_credential(facts: BadgeFacts) -> dict[str, Any]:
    """The ``OpenBadgeCredential`` JSON-LD document for one signed-off unit."""
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": facts.credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{facts.unit_code}: {facts.unit_title}",
        "issuer": {
            "id": facts.issuer_url,
            "type": ["Profile"],
            "name": facts.issuer_name,
            "url": facts.issuer_url,
        },
        "validFrom": _stamp(facts.awarded_at),
        "awardedDate": _stamp(facts.awarded_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": facts.learner_name,
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": identity_hash(facts.learner_email, facts.salt),
                    "salt": facts.salt,
                }
            ],
            "achievement": _achievement(facts),
        },
        "credentialSchema": [
            {"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}
        ],
    }
    evidence = _evidence(facts)
    if evidence:
        credential["evidence"] = evidence
    return credential


def jwt_claims(credential: dict[str, Any], issued_at: datetime) -> dict[str, Any]:
    """The VC-JWT claims: the credential itself plus iss, jti, sub and nbf."""
    return {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["identifier"][0]["identityHash"],
        "nbf": int(issued_at.timestamp()),
    }


def status_of(locked: bool, unlocked: bool) -> BadgeStatus:
    """A sign-off that was undone revokes its credential."""
    if unlocked:
        return BadgeStatus.REVOKED
    return BadgeStatus.VALID if locked else BadgeStatus.INVALID
