"""Evidence use cases, one module per group; the common ones are re-exported here.

The coverage matrix (``services/coverage.py``) is not re-exported: it joins
assessor decisions and moves to the assessment feature.
"""

from portfolio.evidence.domain.testimony_requests import TestimonyRequest
from portfolio.evidence.services.items import (
    Details,
    Upload,
    create_item,
    set_claims,
    update_item,
)
from portfolio.evidence.services.queries import (
    default_criteria,
    list_items,
    load_item,
    load_own_item,
    unit_criteria,
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
    add_simulator_run,
    create_simulator_work_products,
)
from portfolio.evidence.services.testimonies import (
    SigningLinks,
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
    "SigningLinks",
    "TestimonyRequest",
    "Upload",
    "add_simulator_run",
    "cancel_request",
    "create_item",
    "create_simulator_work_products",
    "decline_testimony",
    "default_criteria",
    "is_tampered",
    "list_items",
    "load_item",
    "load_own_item",
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
