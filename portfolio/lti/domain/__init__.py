"""The LTI tool's pure rules: roles, launch claims, activities, scores, platforms."""

from portfolio.lti.domain.activities import (
    ACTIVITIES,
    Activity,
    activity_from_custom,
    find_activity,
)
from portfolio.lti.domain.claims import CLAIM, LaunchIdentity, identity_from_claims
from portfolio.lti.domain.platform import PlatformSpec, check_platform
from portfolio.lti.domain.roles import NO_ACCESS_MESSAGE, portfolio_role
from portfolio.lti.domain.scores import ScoreValue, score_from_run

__all__ = [
    "ACTIVITIES",
    "CLAIM",
    "NO_ACCESS_MESSAGE",
    "Activity",
    "LaunchIdentity",
    "PlatformSpec",
    "ScoreValue",
    "activity_from_custom",
    "check_platform",
    "find_activity",
    "identity_from_claims",
    "portfolio_role",
    "score_from_run",
]
