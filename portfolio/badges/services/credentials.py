"""Issue a learner's badge for a signed-off unit, and verify one for anybody."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import jwt
from sqlalchemy import BindParameter, ColumnElement, Exists, exists, select

from portfolio.assessment.models import UnitSignOff
from portfolio.audit.services import record_event
from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.badges.domain import credential as ob
from portfolio.badges.domain.credential import BadgeStatus
from portfolio.badges.models import BadgeCredential, _public_id
from portfolio.badges.services.keys import Signer
from portfolio.core.roles import Role
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.framework.models import Unit


@dataclass(frozen=True)
class Issuer:
    """The centre as the credentials name it, and its public addresses."""

    name: str
    base_url: str

    def url(self, path: str) -> str:
        """An absolute address on the centre's public site."""
        return self.base_url.rstrip("/") + path


@dataclass(frozen=True)
class BadgeRow:
    """A sign-off of the learner's and its credential, if one was issued."""

    sign_off: UnitSignOff
    unit: Unit
    credential: BadgeCredential | None
    status: BadgeStatus


@dataclass(frozen=True)
class VerifyResult:
    """What the public verification endpoint answers."""

    status: BadgeStatus
    reason: str
    credential: dict[str, Any] | None = None


def _status(row: UnitSignOff) -> BadgeStatus:
    """The badge status a sign-off gives."""
    return ob.status_of(row.locked_at is not None, row.unlocked_at is not None)


def badges_for(session: Session, *, actor: User) -> list[BadgeRow]:
    """The actor's own sign-offs, newest first, with their credentials."""
    stmt = (
        select(UnitSignOff, Unit, BadgeCredential)
        .join(Unit, Unit.id == UnitSignOff.unit_id)
        .outerjoin(BadgeCredential, BadgeCredential.sign_off_id == UnitSignOff.id)
        .where(UnitSignOff.learner_id == actor.id)
        .order_by(UnitSignOff.id.desc())
    )
    return [BadgeRow(s, u, c, _status(s)) for s, u, c in session.execute(stmt)]


def _badge_rows(
    learner_id: int | BindParameter[int],
) -> tuple[ColumnElement[bool], ...]:
    """The learner's signed-off, locked units: the sign-offs that give a badge."""
    return (
        UnitSignOff.learner_id == learner_id,
        UnitSignOff.locked_at.is_not(None),
        UnitSignOff.unlocked_at.is_(None),
    )


def has_badge(session: Session, learner_id: int) -> bool:
    """Whether the learner has a signed-off, locked unit (a badge to download)."""
    found = session.scalars(
        select(UnitSignOff.id).where(*_badge_rows(learner_id)).limit(1)
    ).first()
    return found is not None


def has_badge_clause(learner_id: int | BindParameter[int]) -> Exists:
    """``has_badge`` as a column, for a page that reads it with its own query."""
    return exists().where(*_badge_rows(learner_id))


def _latest_export(session: Session, learner_id: int) -> PortfolioExport | None:
    """The newest finished export of the learner's portfolio."""
    return session.scalars(
        select(PortfolioExport)
        .where(
            PortfolioExport.learner_id == learner_id,
            PortfolioExport.status == ExportStatus.DONE,
        )
        .order_by(PortfolioExport.id.desc())
        .limit(1)
    ).first()


def _facts(
    session: Session, row: UnitSignOff, learner: User, issuer: Issuer, public_id: str
) -> ob.BadgeFacts:
    """What the credential for ``row`` states."""
    unit = session.get(Unit, row.unit_id)
    assert unit is not None  # the foreign key guarantees it
    export = _latest_export(session, learner.id)
    assert row.locked_at is not None  # only locked sign-offs get here
    return ob.BadgeFacts(
        credential_url=issuer.url(f"/badges/credentials/{public_id}"),
        issuer_url=issuer.url("/"),
        issuer_name=issuer.name,
        learner_name=learner.display_name,
        learner_email=learner.email,
        salt=secrets.token_hex(8),
        achievement_url=issuer.url(f"/badges/achievements/{unit.code}"),
        unit_code=unit.code,
        unit_title=unit.title,
        unit_summary=unit.summary,
        criteria=tuple(ob.Criterion(c.code, c.text) for c in unit.criteria),
        awarded_at=as_utc(row.locked_at),
        export_id=export.public_id if export else None,
        verify_url=issuer.url("/verify"),
    )


def sign(claims: dict[str, Any], signer: Signer) -> str:
    """The compact JWS (EdDSA) of the VC-JWT claims."""
    return jwt.encode(
        claims, signer.private_key, algorithm="EdDSA", headers={"kid": signer.kid}
    )


def issue_credential(
    session: Session, sign_off_id: int, *, actor: User, signer: Signer, issuer: Issuer
) -> BadgeCredential:
    """The learner's credential for a locked sign-off, signed on first request."""
    row = session.get(UnitSignOff, sign_off_id)
    if row is None or row.learner_id != actor.id or not actor.has_role(Role.LEARNER):
        raise NotFoundError(f"sign-off {sign_off_id}")
    if _status(row) != BadgeStatus.VALID:
        raise ConflictError("This unit is not signed off, so it has no badge.")
    found = session.scalars(
        select(BadgeCredential).where(BadgeCredential.sign_off_id == row.id)
    ).first()
    if found is not None:
        return found
    public_id = _public_id()
    doc = ob.build_credential(_facts(session, row, actor, issuer, public_id))
    now = utcnow()
    badge = BadgeCredential(
        public_id=public_id,
        learner_id=actor.id,
        sign_off_id=row.id,
        jwt=sign(ob.jwt_claims(doc, now), signer),
        issued_at=now,
    )
    session.add(badge)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="badge.issued",
        object_type="badge_credential",
        object_id=public_id,
        learner_id=actor.id,
        details={"sign_off": row.id, "unit": doc["name"]},
    )
    return badge


def load_credential(
    session: Session, public_id: str, *, actor: User
) -> BadgeCredential:
    """A credential the actor may see (their own, or a learner in scope)."""
    badge = session.scalars(
        select(BadgeCredential).where(BadgeCredential.public_id == public_id)
    ).first()
    if badge is None or not scopes.can_view_learner(session, actor, badge.learner_id):
        raise NotFoundError(f"badge {public_id}")
    return badge


def verify_jwt(session: Session, token: str, signer: Signer) -> VerifyResult:
    """Check the signature, that we issued it, and whether its sign-off still holds."""
    try:
        claims = jwt.decode(
            token.strip(),
            signer.public_key,
            algorithms=["EdDSA"],
            options={"require": ["iss", "jti", "nbf"]},
        )
    except jwt.PyJWTError as exc:
        return VerifyResult(BadgeStatus.INVALID, f"The signature does not check: {exc}")
    public_id = str(claims["jti"]).rsplit("/", 1)[-1]
    badge = session.scalars(
        select(BadgeCredential).where(BadgeCredential.public_id == public_id)
    ).first()
    if badge is None or badge.jwt != token.strip():
        return VerifyResult(BadgeStatus.INVALID, "This centre did not issue it.")
    status = _status(badge.sign_off)
    reason = {
        BadgeStatus.VALID: "Signed by this centre; the unit is signed off.",
        BadgeStatus.REVOKED: "Revoked: the unit's sign-off was undone.",
        BadgeStatus.INVALID: "The unit is not signed off.",
    }[status]
    return VerifyResult(status, reason, claims)


def stored_jwt(session: Session, public_id: str) -> str | None:
    """The signed credential kept under ``public_id``, if any."""
    return session.scalar(
        select(BadgeCredential.jwt).where(BadgeCredential.public_id == public_id)
    )
