"""Evidence use cases (one module per area; everything is re-exported here)."""

from portfolio.evidence.services.common import (
    default_criteria,
    list_items,
    load_item,
    unit_criteria,
)
from portfolio.evidence.services.coverage import coverage_for, item_ref
from portfolio.evidence.services.items import (
    Details,
    create_item,
    set_claims,
    update_item,
)
from portfolio.evidence.services.signatures import (
    Origin,
    Signature,
    decline_testimony,
    resolve_link,
    sign_testimony,
    testimonies_for_witness,
    testimony_for_addressee,
)
from portfolio.evidence.services.simulator_records import (
    create_simulator_work_products,
)
from portfolio.evidence.services.testimonies import (
    TestimonyRequest,
    cancel_request,
    is_tampered,
    request_testimony,
    resend_request,
    signed_content,
)
from portfolio.evidence.services.workflow import (
    needs_redaction_confirmation,
    set_item_status,
    submit_item,
    withdraw_item,
)

__all__ = [
    "Details",
    "Origin",
    "Signature",
    "TestimonyRequest",
    "cancel_request",
    "coverage_for",
    "create_item",
    "create_simulator_work_products",
    "decline_testimony",
    "default_criteria",
    "is_tampered",
    "item_ref",
    "list_items",
    "load_item",
    "needs_redaction_confirmation",
    "request_testimony",
    "resend_request",
    "resolve_link",
    "set_claims",
    "set_item_status",
    "sign_testimony",
    "signed_content",
    "submit_item",
    "testimonies_for_witness",
    "testimony_for_addressee",
    "unit_criteria",
    "update_item",
    "withdraw_item",
]
