"""LTI roles to portfolio roles: who a launch makes someone in the portfolio.

Learner -> learner; Instructor (and teaching assistants) -> assessor. An LMS
administrator is treated as an instructor: portfolio administration (accounts,
roles, unlocking sign-offs) is never granted by another system.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

# Values of portfolio.core.roles.Role (a domain package may not import core).
PortfolioRole = Literal["learner", "assessor"]

_LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
_STAFF_SUFFIXES = ("#Instructor", "#Administrator", "#TeachingAssistant")
_LEARNER_SUFFIXES = ("#Learner", "#Student")
NO_ACCESS_MESSAGE = (
    "Your role in this course gives no access to the portfolio: "
    "only learners and instructors may launch it."
)


def _ends(uri: str, suffixes: tuple[str, ...]) -> bool:
    """Whether a role URI (full or short form) ends with one of ``suffixes``."""
    short = uri if "#" in uri else "#" + uri.rsplit("/", 1)[-1]
    return short.endswith(suffixes)


def portfolio_role(lti_roles: Iterable[str]) -> PortfolioRole | None:
    """The portfolio role for a launch's roles; staff wins over learner; else None."""
    names = [r for r in lti_roles if isinstance(r, str)]
    scoped = [r for r in names if r.startswith(_LIS) or "#" not in r]
    if any(_ends(r, _STAFF_SUFFIXES) for r in scoped):
        return "assessor"
    if any(_ends(r, _LEARNER_SUFFIXES) for r in scoped):
        return "learner"
    return None
