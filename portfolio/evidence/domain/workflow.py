"""The life of an evidence item: statuses, who may move it, and when it may change."""

from __future__ import annotations

from enum import StrEnum

from portfolio.errors import ConflictError


class Status(StrEnum):
    """Where an evidence item is in its life."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The status as a person reads it."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted",
    Status.ACCEPTED: "Accepted",
    Status.RETURNED: "Returned for action",
    Status.WITHDRAWN: "Withdrawn",
}


class Actor(StrEnum):
    """Who may perform a status action."""

    LEARNER = "learner"
    ASSESSOR = "assessor"


# (from, action) -> (to, who may do it)
TRANSITIONS: dict[tuple[Status, str], tuple[Status, Actor]] = {
    (Status.DRAFT, "submit"): (Status.SUBMITTED, Actor.LEARNER),
    (Status.RETURNED, "submit"): (Status.SUBMITTED, Actor.LEARNER),
    (Status.SUBMITTED, "accept"): (Status.ACCEPTED, Actor.ASSESSOR),
    (Status.SUBMITTED, "return"): (Status.RETURNED, Actor.ASSESSOR),
    (Status.DRAFT, "withdraw"): (Status.WITHDRAWN, Actor.LEARNER),
    (Status.RETURNED, "withdraw"): (Status.WITHDRAWN, Actor.LEARNER),
    (Status.SUBMITTED, "withdraw"): (Status.WITHDRAWN, Actor.LEARNER),
}
# The assessor names the status they want; this is the action that gets there.
TARGET_ACTIONS = {Status.ACCEPTED: "accept", Status.RETURNED: "return"}
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


def transition(status: str, action: str, who: Actor) -> Status:
    """Return the status after ``action``; raise ConflictError if not allowed."""
    found = TRANSITIONS.get((Status(status), action))
    if found is None:
        label = Status(status).label.lower()
        raise ConflictError(f"You cannot {action} evidence that is {label}.")
    target, allowed = found
    if allowed != who:
        raise ConflictError(f"Only the {allowed.value} can {action} this evidence.")
    return target


def check_editable(status: str) -> None:
    """Raise ConflictError unless the learner may change the item now."""
    if Status(status) not in EDITABLE:
        label = Status(status).label.lower()
        raise ConflictError(f"This evidence is {label} and cannot be changed.")


def check_submittable(status: str, current_submitted: bool) -> None:
    """A returned item goes back only as a new, unsubmitted version."""
    if Status(status) == Status.RETURNED and current_submitted:
        raise ConflictError(
            "Change the evidence first: a returned item goes back as a new version."
        )
