"""Audit events as sentences a person reads: who did what to which object."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# What each recorded action says; "{obj}" is the object's title.
_SENTENCES: dict[str, str] = {
    "evidence.created": "added the evidence {obj}",
    "evidence.updated": "changed the evidence {obj}",
    "evidence.mapped": "mapped the evidence {obj} to criteria",
    "evidence.submitted": "submitted the evidence {obj} for assessment",
    "evidence.withdrawn": "withdrew the evidence {obj}",
    "evidence.reopened": "reopened the decision on {obj}",
    "evidence.accepted": "marked the evidence {obj} as accepted",
    "evidence.returned": "sent the evidence {obj} back to the learner",
    "evidence.draft": "reopened the evidence {obj} as a draft",
    "testimony.requested": "asked for the witness testimony {obj}",
    "testimony.link_sent": "sent the witness a signing link for {obj}",
    "testimony.signed": "signed the witness testimony {obj}",
    "testimony.declined": "declined to sign the witness testimony {obj}",
    "testimony.cancelled": "cancelled the testimony request {obj}",
    "assessment.discussion_recorded": "recorded a professional discussion",
    "assessment.assessor_signed_off": "signed the unit off as assessor",
    "assessment.portfolio_locked": (
        "made the learner's declaration; the portfolio is locked"
    ),
    "assessment.portfolio_unlocked": "unlocked the portfolio",
    "iqa.agreed": "agreed with the decision on {obj}",
    "iqa.sent_back": "sent the decision on {obj} back to the assessor",
    "simulator.run_start": "started a practice scenario in the simulator",
    "simulator.run_finish": "finished a practice scenario in the simulator",
    "simulator.run_abandon": "abandoned a practice scenario in the simulator",
    "enrolment.update": "changed the enrolment (cohort, assessor, supervisor or dates)",
    "auth.login": "signed in",
    "auth.logout": "signed out",
    "auth.login_failed": "tried to sign in with a wrong password",
    "auth.password_changed": "changed their password",
    "auth.mfa_reset": "removed an account's authenticator (two-step sign-in)",
    "auth.reauthenticated": "typed their password again for a sensitive action",
    "auth.reauth_failed": "typed a wrong password for a sensitive action",
    "auth.setup_link_issued": "was given a one-time link to set their password",
    "user.create": "created an account",
    "user.roles": "changed an account's roles",
    "user.activate": "changed whether an account may sign in",
    "user.sessions_ended": "signed an account out everywhere",
    "cohort.create": "created a cohort",
    "iqa.plan_set": "set an assessor's sampling plan",
    "iqa.cohort_plan_set": "set a cohort's red, amber and green thresholds",
    "notifications.read": "marked their notifications as read",
    "api_token.create": "created an API token",
    "api_token.revoke": "revoked an API token",
    "framework.load": "loaded the criteria framework",
    "simulator.content_load": "loaded the simulator's company data",
    "eqa.granted": "gave an external quality assurer read-only access",
    "eqa.viewed": "opened the page",
    "eqa.link_sent": "e-mailed an external quality assurer a link and a one-time code",
    "eqa.link_opened": "opened their e-mailed link with the one-time code",
    "export.requested": "asked for a PDF export of the portfolio",
    "export.completed": "finished a PDF export of the portfolio",
    "export.failed": "could not finish a PDF export of the portfolio",
}
_OUTCOMES = {
    "accept": "accepted the evidence {obj}",
    "return": "returned the evidence {obj} for more work",
}
# The groups the audit page filters by, from the action's prefix.
KIND_LABELS: dict[str, str] = {
    "evidence": "Evidence",
    "testimony": "Witness testimonies",
    "assessment": "Assessment and sign-off",
    "iqa": "Quality assurance",
    "export": "PDF exports",
    "simulator": "Simulator practice",
    "eqa": "External quality assurance",
}
_DETAIL_LABELS = {
    "version": "Version",
    "outcome": "Outcome",
    "judgements": "Criteria",
    "criteria": "Criteria",
    "reason": "Reason",
    "feedback": "Feedback",
    "rate": "Sampling rate",
    "witness": "Witness",
    "email": "E-mail",
    "status": "Status",
    "page": "Page",
    "amber_behind": "Amber from (criteria behind)",
    "red_behind": "Red from (criteria behind)",
    "eqa": "External quality assurer",
    "days": "Days",
}
_VALUE_WORDS = {
    "met": "met",
    "not_met": "not yet met",
    "accept": "accepted",
    "return": "returned",
}
_HIDDEN = frozenset({"item", "decision", "audio", "assessor", "sha256", "hash"})


@dataclass(frozen=True)
class Detail:
    """One detail of an event, labelled for a person."""

    label: str
    value: str


def kind_of(action: str) -> str:
    """The filter group of an action ("other" when none fits)."""
    prefix = action.split(".", 1)[0]
    return prefix if prefix in KIND_LABELS else "other"


def sentence(action: str, details: Mapping[str, Any]) -> str:
    """What the actor did, with ``{obj}`` where the object's title goes."""
    if action == "assessment.decided":
        return _OUTCOMES.get(
            str(details.get("outcome")), "decided on the evidence {obj}"
        )
    if action == "eqa.granted" and details.get("eqa"):
        days = int(details.get("days") or 0)
        span = f" for {days} day{'' if days == 1 else 's'}" if days else ""
        return f"gave {details['eqa']} read-only access to the portfolio{span}"
    if action in _SENTENCES:
        return _SENTENCES[action]
    words = action.split(".", 1)[-1].replace("_", " ")
    return f"{words} ({action.split('.', 1)[0]})"


def _value(value: Any) -> str:
    """A detail's value in words (lists joined, criterion maps as "K1: met")."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_value(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "none"
    return _VALUE_WORDS.get(str(value), str(value))


def readable_details(details: Mapping[str, Any]) -> tuple[Detail, ...]:
    """The event's details as labelled lines; internal ids are left out."""
    return tuple(
        Detail(_DETAIL_LABELS.get(k, k.replace("_", " ").capitalize()), _value(v))
        for k, v in sorted(details.items())
        if k not in _HIDDEN
    )
