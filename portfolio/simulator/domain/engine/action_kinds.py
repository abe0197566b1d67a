"""The learner's action kinds: what each is called, takes and costs in minutes."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.simulator.domain.engine.params import ParamSpec

ISSUE_TYPES = (
    "stock_shortage",
    "wrong_product_code",
    "ambiguous_requirement",
    "address_change",
    "credit_hold",
    "discount_request",
    "unauthorised_caller",
    "quantity_change",
    "supplier_delay",
    "delivery_problem",
    "customer_query",
    "other",
)
CHANNELS = ("phone", "email", "in_person", "internal")


@dataclass(frozen=True)
class ActionKind:
    """What an action kind is called, what it does, what it takes and costs."""

    kind: str
    label: str
    help: str
    minutes: int
    params: tuple[ParamSpec, ...] = ()


def _p(
    name: str,
    type_: str,
    required: bool = False,
    help_: str = "",
    choices: tuple[str, ...] = (),
) -> ParamSpec:
    """Shorthand for one parameter."""
    return ParamSpec(name, type_, required, help_, choices)


_LINE = (
    _p("code", "str", help_="product code"),
    _p("qty", "int", help_="quantity"),
    _p("unit_price", "decimal", help_="unit price in £ (default: list price)"),
    _p("discount_pct", "decimal", help_="discount in %"),
    _p("options", "options", help_="made-to-order options: name -> value"),
)
KINDS: tuple[ActionKind, ...] = (
    ActionKind(
        "read_brief", "Read the request", "Read the customer's message again.", 2
    ),
    ActionKind(
        "search_crm",
        "Search the CRM",
        "Find customers by name, account number or postcode.",
        1,
        (_p("query", "str", True),),
    ),
    ActionKind(
        "open_customer",
        "Open a customer",
        "Show a customer's account.",
        1,
        (_p("account", "str", True),),
    ),
    ActionKind(
        "verify_caller",
        "Verify the caller",
        "Check who you are dealing with against "
        "the CRM before disclosing account data.",
        2,
        (
            _p("account", "str", True),
            _p("contact_id", "str", help_="the CRM contact they say they are"),
            _p("name", "str", help_="the name the caller gives"),
            _p("phone", "str", help_="the phone number the caller gives"),
            _p("email", "str", help_="the address the e-mail came from"),
            _p("postcode", "str", help_="the delivery postcode the caller gives"),
        ),
    ),
    ActionKind(
        "ask_question",
        "Ask the customer",
        "Ask a question from the question bank.",
        3,
        (_p("question_id", "str", True),),
    ),
    ActionKind(
        "search_catalogue",
        "Search the catalogue",
        "Find products.",
        1,
        (_p("query", "str"), _p("category", "str")),
    ),
    ActionKind(
        "view_product",
        "View a product",
        "Show product details.",
        1,
        (_p("code", "str", True),),
    ),
    ActionKind(
        "set_order_header",
        "Set order details",
        "Customer, contact, delivery address, "
        "reference, date, instructions, priority, part delivery.",
        2,
        (
            _p("account", "str"),
            _p("contact_id", "str"),
            _p("delivery_address_id", "str"),
            _p("delivery_address", "address", help_="an address not held in the CRM"),
            _p("customer_ref", "str"),
            _p("requested_date", "date"),
            _p("instructions", "text"),
            _p("priority", "choice", choices=("normal", "urgent")),
            _p("part_delivery", "bool"),
        ),
    ),
    ActionKind(
        "add_line",
        "Add a line",
        "Add a product to the order.",
        2,
        (_p("code", "str", True), _p("qty", "int", True), *_LINE[2:]),
    ),
    ActionKind(
        "update_line",
        "Change a line",
        "Change a line's product, quantity, price, discount or options.",
        1,
        (_p("line_id", "int", True), *_LINE),
    ),
    ActionKind(
        "remove_line",
        "Remove a line",
        "Delete a line.",
        1,
        (_p("line_id", "int", True),),
    ),
    ActionKind(
        "check_stock",
        "Check stock",
        "Check availability of one line.",
        2,
        (_p("line_id", "int", True),),
    ),
    ActionKind(
        "acknowledge_warning",
        "Acknowledge a warning",
        "Accept a warning, giving the reason.",
        1,
        (_p("warning_key", "str", True), _p("reason", "text", True)),
    ),
    ActionKind(
        "request_approval",
        "Request approval",
        "Ask an approver, with a justification.",
        3,
        (
            _p("type", "choice", True, choices=("discount", "credit", "bespoke")),
            _p(
                "role",
                "choice",
                True,
                choices=("supervisor", "sales_manager", "credit_control"),
            ),
            _p("justification", "text", True),
        ),
    ),
    ActionKind(
        "send_confirmation",
        "Send confirmation",
        "Send the customer a confirmation composed from the order.",
        5,
        (
            _p("channel", "choice", True, choices=("email", "phone")),
            _p("to_contact_id", "str", help_="default: the order's contact"),
        ),
    ),
    ActionKind(
        "submit_order", "Submit the order", "Place the order for processing.", 2
    ),
    ActionKind(
        "advance_time",
        "Wait",
        "Let simulated time pass.",
        0,
        (
            _p("minutes", "int", help_="1 to 20160"),
            _p("next_event", "bool", help_="wait until the next thing happens"),
        ),
    ),
    ActionKind(
        "log_follow_up",
        "Log a follow-up",
        "Record an interaction.",
        5,
        (
            _p("channel", "choice", True, choices=CHANNELS),
            _p("who", "str", True),
            _p("summary", "text", True),
            _p("outcome", "text"),
            _p("next_action", "text"),
            _p("next_action_date", "date"),
        ),
    ),
    ActionKind(
        "log_issue",
        "Log an issue",
        "Record a problem and what you did about it.",
        4,
        (
            _p("issue_type", "choice", True, choices=ISSUE_TYPES),
            _p("problem", "text", True),
            _p("impact", "text"),
            _p("action", "text", True),
            _p("resolution", "text"),
            _p("issue_id", "str", help_="add to an issue"),
        ),
    ),
    ActionKind(
        "put_on_hold",
        "Put on hold",
        "Stop the order, with a reason.",
        1,
        (_p("reason", "text", True),),
    ),
    ActionKind(
        "resume",
        "Resume",
        "Take the order off hold, with a reason.",
        1,
        (_p("reason", "text", True),),
    ),
    ActionKind(
        "cancel_order",
        "Cancel the order",
        "Cancel, with a reason.",
        2,
        (_p("reason", "text", True),),
    ),
    ActionKind("close_order", "Close the order", "Close a delivered order.", 2),
)
ACTION_KINDS: dict[str, ActionKind] = {k.kind: k for k in KINDS}
