"""LTI use cases: platforms, launches, activities and scores, deep linking, keys."""

from portfolio.lti.services.deep_links import response_jwt
from portfolio.lti.services.grades import (
    TimeoutSession,
    get_activity,
    learner_activities,
    send_score,
    start_activity_run,
)
from portfolio.lti.services.keys import ToolKey, load_tool_key
from portfolio.lti.services.launches import (
    account_for_launch,
    note_activity,
    platform_for_claims,
)
from portfolio.lti.services.platforms import (
    get_platform,
    list_platforms,
    register_platform,
    remove_platform,
    update_platform,
)
from portfolio.lti.services.storage import DatabaseLaunchStorage, purge_expired
from portfolio.lti.services.tool_config import DatabaseToolConf

__all__ = [
    "DatabaseLaunchStorage",
    "DatabaseToolConf",
    "TimeoutSession",
    "ToolKey",
    "account_for_launch",
    "get_activity",
    "get_platform",
    "learner_activities",
    "list_platforms",
    "load_tool_key",
    "note_activity",
    "platform_for_claims",
    "purge_expired",
    "register_platform",
    "remove_platform",
    "response_jwt",
    "send_score",
    "start_activity_run",
    "update_platform",
]
