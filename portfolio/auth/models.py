"""Accounts: users, their roles, server-side sessions, cohorts and enrolments."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.core.encrypted import EncryptedString
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.extensions import Model


class User(Model):
    """A person who signs in; roles decide what they may see."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    job_title: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    # TOTP (issue 16): the base32 secret, set at enrolment and confirmed by a first
    # code (mfa_enabled_at); the last accepted time step, so a code works only once.
    # Encrypted at rest under a key derived from SEAL_KEY (core.encrypted).
    totp_secret: Mapped[str | None] = mapped_column(EncryptedString("totp-secret"))
    mfa_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Must enrol MFA whatever MFA_REQUIRED_ROLES says (the first admin, SECURITY #5).
    mfa_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> frozenset[Role]:
        """The set of roles this user holds."""
        return frozenset(Role(r.role) for r in self.role_rows)

    def has_role(self, *roles: Role | str) -> bool:
        """Whether the user holds any of ``roles``."""
        return any(Role(r) in self.roles for r in roles)

    # Flask-Login protocol; the session id is attached by the loader.
    # Set per request by the loader; not a column, so SQLAlchemy must not see a type.
    if TYPE_CHECKING:
        session_id: str | None
        mfa_gate: str | None
        password_at: datetime | None
    session_id = None
    # The page a signed-in user must pass first (mfa, mfa_setup); set by the loader.
    mfa_gate = None
    # When this session last had the password typed (sign-in or re-entry).
    password_at = None

    @property
    def is_active(self) -> bool:
        """Deactivated users cannot sign in."""
        return self.active

    @property
    def is_authenticated(self) -> bool:
        """Loaded users are authenticated."""
        return True

    @property
    def is_anonymous(self) -> bool:
        """Loaded users are never anonymous."""
        return False

    def get_id(self) -> str:
        """Identify user *and* server-side session, so revoking the session logs out."""
        return f"{self.id}:{self.session_id}"


class UserRole(Model):
    """One role held by one user."""

    __tablename__ = "user_role"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    user: Mapped[User] = relationship(back_populates="role_rows")


class AuthSession(Model):
    """A signed-in browser session; deleting it ends that session everywhere."""

    __tablename__ = "auth_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    # When the password was last entered again for a sensitive action (SECURITY #10).
    reauth_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    # When this session passed its second factor (None: password only so far).
    mfa_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RecoveryCode(Model):
    """A one-time MFA recovery code; only its SHA-256 is stored."""

    __tablename__ = "mfa_recovery_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PasswordReset(Model):
    """One e-mailed reset link: its nonce's SHA-256, when it was sent and used."""

    __tablename__ = "password_reset"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    nonce_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Cohort(Model):
    """A group of learners who started together."""

    __tablename__ = "cohort"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    planned_end_date: Mapped[date] = mapped_column(Date)


class Enrolment(Model):
    """A learner on the programme, with their cohort, assessor and supervisor."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("learner_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohort.id", ondelete="SET NULL"), index=True
    )
    assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    start_date: Mapped[date | None] = mapped_column(Date)
    planned_end_date: Mapped[date | None] = mapped_column(Date)
    # The awarding body's identifiers of the learner, printed on the export's cover.
    uln: Mapped[str | None] = mapped_column(String(10))
    registration_number: Mapped[str | None] = mapped_column(String(40))
    # Written by sign-off, read by access checks (which never import assessment).
    portfolio_locked_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    assessor: Mapped[User | None] = relationship(foreign_keys=[assessor_id])
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id])
    cohort: Mapped[Cohort | None] = relationship()


class ApiToken(Model):
    """A token a user created for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scope: Mapped[str] = mapped_column(String(20), default="read_write")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship()
