"""The roles a user may hold: the vocabulary of access control, defined once."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The roles a user may hold (several at once)."""

    LEARNER = "learner"
    SUPERVISOR = "supervisor"
    ASSESSOR = "assessor"
    IQA = "iqa"
    ADMIN = "admin"
    EQA = "eqa"

    @property
    def label(self) -> str:
        """The role as a person reads it."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.LEARNER: "Learner",
    Role.SUPERVISOR: "Workplace supervisor",
    Role.ASSESSOR: "Assessor",
    Role.IQA: "Internal quality assurer",
    Role.ADMIN: "Administrator",
    Role.EQA: "External quality assurer",
}
