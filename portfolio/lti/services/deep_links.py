"""Deep linking: the signed answer that puts chosen scenarios into a course."""

from __future__ import annotations

from collections.abc import Sequence

from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from portfolio.errors import ValidationError
from portfolio.lti.domain import Activity

LINE_ITEM_MAXIMUM = 100


def resource_for(activity: Activity, launch_url: str) -> DeepLinkResource:
    """One LtiResourceLink item: the launch URL, the scenario, a gradebook column."""
    line_item = (
        LineItem()
        .set_label(activity.title)
        .set_score_maximum(LINE_ITEM_MAXIMUM)
        .set_tag(f"scenario:{activity.key}")
    )
    return (
        DeepLinkResource()
        .set_title(activity.title)
        .set_url(launch_url)
        .set_custom_params(activity.custom())
        .set_lineitem(line_item)
    )


def response_jwt(
    deep_link: DeepLink, activities: Sequence[Activity], launch_url: str
) -> str:
    """The LtiDeepLinkingResponse JWT, signed with the tool's key (RS256)."""
    if not activities:
        raise ValidationError("Choose at least one scenario.", "activities")
    return deep_link.get_response_jwt([resource_for(a, launch_url) for a in activities])
