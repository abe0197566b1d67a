"""View-model for the workspace page: the learner view plus forms and choices."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from flask import url_for
from flask_wtf import FlaskForm

from portfolio.simulator import domain as engine
from portfolio.simulator.domain import ACTION_KINDS
from portfolio.simulator.domain.engine.confirmation import (
    content as compose_confirmation,
)
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.forms import action_form
from portfolio.simulator.presenters.action_html import csrf_input
from portfolio.simulator.presenters.documents import document_views
from portfolio.simulator.services import LoadedRun
from portfolio.simulator.services.learner_view import (
    View,
    action_options,
    learner_view,
)

ANCHORS = {
    "read_brief": "brief",
    "open_customer": "act-search_crm",
    "check_stock": "lines",
    "remove_line": "lines",
    "resume": "act-put_on_hold",
}
SPIN_LABELS = {
    "situation": "Situation",
    "problem": "Problem",
    "implication": "Implication",
    "need_payoff": "Need-payoff",
}


def dynamic_choices(
    loaded: LoadedRun, view: View | None = None, *, kinds: Iterable[str] | None = None
) -> dict[str, list[tuple[str, str]]]:
    """Select options that depend on the run: lines, contacts, addresses, questions.

    Built from the engine state; only the options the forms of ``kinds`` read
    (every kind's by default), so an action's POST does not build the learner view.
    ``view`` (the learner view, if built already) saves computing the warnings again.
    """
    wants = _wanted(kinds)
    company, state = loaded.company, loaded.state
    out: dict[str, list[tuple[str, str]]] = {}
    if wants("question_id"):
        out["question_id"] = [
            (q.id, f"{SPIN_LABELS.get(str(q.spin), q.spin)}: {q.text}")
            for q in company.questions
        ]
    if state.order.lines and wants("line_id"):
        out["line_id"] = [
            (str(ln.line_id), f"Line {ln.line_id}: {ln.code} × {ln.qty}")
            for ln in state.order.lines
        ]
    customer = _focus_customer(company, state)
    if customer is not None and any(map(wants, _CUSTOMER_KEYS)):
        out.update(_customer_choices(customer))
    if wants("set_order_header.account") or wants("verify_caller.account"):
        opened = [company.customer(a) for a in dict.fromkeys(state.opened)]
        accounts = [(c.account, f"{c.company} ({c.account})") for c in opened if c]
        if accounts:
            out["set_order_header.account"] = accounts
            out["verify_caller.account"] = accounts
    if state.issues and wants("log_issue.issue_id"):
        out["log_issue.issue_id"] = [
            (str(i.thread), f"{_words(i.issue_type)}: {i.problem[:60]}")
            for i in state.issues
        ]
    if wants("warning_key"):
        warnings = [
            (w["key"], w["message"][:90])
            for w in (view["warnings"] if view is not None else _warnings(loaded))
            if w["ackable"] and not w["acknowledged"]
        ]
        if warnings:
            out["warning_key"] = warnings
    return out


_CUSTOMER_KEYS = ("contact_id", "to_contact_id", "delivery_address_id")


def _wanted(kinds: Iterable[str] | None) -> Callable[[str], bool]:
    """Whether the forms of ``kinds`` read the options keyed ``key`` (None: all)."""
    if kinds is None:
        return lambda key: True
    keys: set[str] = set()
    for kind in kinds:
        for param in ACTION_KINDS[kind].params:
            keys |= {param.name, f"{kind}.{param.name}"}
    return keys.__contains__


def _warnings(loaded: LoadedRun) -> list[dict[str, Any]]:
    """The warnings showing on the order now."""
    return engine.current_warning_list(loaded.company, loaded.scenario, loaded.state)


def _words(key: str) -> str:
    """A snake_case vocabulary key as words ("stock_shortage" -> "Stock shortage")."""
    return str(key).replace("_", " ").capitalize()


def _customer_choices(customer: engine.Customer) -> dict[str, list[tuple[str, str]]]:
    """The contacts and delivery addresses of the customer in focus."""
    contacts = [
        (c.id, f"{c.name} ({c.role}{', may order' if c.may_order else ''})")
        for c in customer.contacts
    ]
    return {
        "contact_id": contacts,
        "to_contact_id": contacts,
        "delivery_address_id": [
            (a.id, ", ".join(x for x in (a.line1, a.town, a.postcode) if x))
            for a in customer.delivery_addresses
        ],
    }


def _focus_customer(
    company: engine.Company, state: engine.RunState
) -> engine.Customer | None:
    """The customer the order is for, else the one most recently opened."""
    account = state.order.account or (state.opened[-1] if state.opened else None)
    return company.customer(account) if account else None


def confirmation_preview(loaded: LoadedRun) -> dict[str, Any] | None:
    """The confirmation the learner would send now, composed from the order."""
    order = loaded.state.order
    customer = loaded.company.customer(order.account) if order.account else None
    contact = customer.contact(order.contact_id) if customer else None
    if contact is None or not order.lines:
        return None
    return compose_confirmation(Ctx(loaded.company, loaded.scenario), order, contact)


# The order bar's one next step, as an ERP shows one primary button per stage: the
# groundwork first (read, find the customer, add and check the lines), then the furthest
# step of the order's life the engine allows. Practice runs only: in an assessed run
# the learner decides what comes next.
GROUNDWORK = ("read_brief", "search_crm", "add_line", "check_stock")
LIFECYCLE = ("close_order", "submit_order", "send_confirmation")


def _next_step(mode: str, view: dict[str, Any], options: dict[str, Any]) -> str | None:
    """The action the order bar offers next, or None."""
    if mode == "assessment":
        return None
    order = view["order"]
    undone = (
        not view["brief_read"],
        not order["customer"],
        not order["lines"],
        any(not ln["check"] or not ln["check_current"] for ln in order["lines"]),
    )
    steps = [k for k, todo in zip(GROUNDWORK, undone, strict=True) if todo]
    return next((k for k in steps + list(LIFECYCLE) if _allowed(options, k)), None)


def _allowed(options: dict[str, Any], kind: str) -> bool:
    """Whether the engine allows ``kind`` now."""
    return bool(options.get(kind, {}).get("allowed"))


def workspace_context(
    loaded: LoadedRun, bound: dict[str, FlaskForm] | None = None
) -> dict[str, Any]:
    """Everything the workspace template needs (``bound``: failed forms to show)."""
    view = learner_view(loaded)
    forms = ActionForms(
        loaded.run.id, dynamic_choices(loaded, view), _defaults(loaded, view), bound
    )
    options = {o["kind"]: o for o in action_options(loaded)}
    _name_verifications(loaded.company, view)
    return {
        "view": view,
        "forms": forms,
        "options": options,
        "next_step": _next_step(loaded.run.mode, view, options),
        "labels": {k: v.label for k, v in ACTION_KINDS.items()},
        "helps": {k: v.help for k, v in ACTION_KINDS.items()},
        "anchors": ANCHORS,
        "preview": confirmation_preview(loaded),
        "policy": loaded.company.policy,
        "focus_product": _focus_product(loaded, view),
        "product_info": _product_info(loaded.company, view),
        "option_labels": option_labels(loaded.company),
        "documents": document_views(loaded.scenario, loaded.state),
        "catalogue_codes": [
            (p.code, p.name) for p in loaded.company.products if not p.discontinued
        ],
    }


class ActionForms(Mapping[str, FlaskForm]):
    """The workspace's action forms by kind, each built when the page first shows it.

    A page shows the forms its run's state calls for (none for staff or a finished
    run); each comes with its target and CSRF input, the same for all its copies.
    """

    def __init__(
        self,
        run_id: int,
        dynamic: dict[str, list[tuple[str, str]]],
        defaults: dict[str, dict[str, Any]],
        bound: dict[str, FlaskForm] | None = None,
    ) -> None:
        """Forms of ``run_id`` with ``dynamic`` options, ``bound`` ones as given."""
        self._run_id, self._dynamic, self._defaults = run_id, dynamic, defaults
        self._forms: dict[str, FlaskForm] = dict(bound or {})
        self._built: set[str] = set()

    def __getitem__(self, kind: str) -> FlaskForm:
        """The form of ``kind``, built on first use."""
        if kind not in self._built:
            if kind not in ACTION_KINDS:
                raise KeyError(kind)
            form = self._forms.get(kind) or action_form(
                kind, self._dynamic, formdata=None, data=self._defaults.get(kind)
            )
            form.target = url_for("simulator.run_act", run_id=self._run_id, kind=kind)
            form.csrf_input = csrf_input(form)  # the same for all its copies
            self._forms[kind] = form
            self._built.add(kind)
        return self._forms[kind]

    def __iter__(self) -> Iterator[str]:
        """Every action kind."""
        return iter(ACTION_KINDS)

    def __len__(self) -> int:
        """How many action kinds there are."""
        return len(ACTION_KINDS)


def option_labels(company: engine.Company) -> dict[str, str]:
    """The label of every product option, by its name ("length_mm" -> "Length")."""
    return {o.name: o.label for p in company.products for o in p.options}


SUPPLY = {
    "stock": "Stocked item",
    "made_to_order": "Made to order",
    "service": "Service",
}


def _product_info(company: engine.Company, view: View) -> dict[str, dict[str, Any]]:
    """Supply, lead time and substitutes of each product in the search results."""
    found = view["lookups"].get("search_catalogue") or {}
    out: dict[str, dict[str, Any]] = {}
    for row in found.get("results", []):
        product = company.product(row["code"])
        if product is None:
            continue
        days = product.lead_time_days
        out[product.code] = {
            "supply": SUPPLY.get(str(product.kind), _words(str(product.kind))),
            "lead": f"lead time {days} {'day' if days == 1 else 'days'}",
            "substitutes": list(product.substitutes),
            "replaced_by": product.replaced_by if product.discontinued else None,
        }
    return out


def _name_verifications(company: engine.Company, view: View) -> None:
    """Give each caller check the company's and the contact's names (never ids)."""
    for check in view["verifications"]:
        customer = company.customer(check["account"])
        contact = customer.contact(check["contact_id"]) if customer else None
        check["company"] = customer.company if customer else ""
        check["contact_name"] = contact.name if contact else ""


def _defaults(loaded: LoadedRun, view: View) -> dict[str, dict[str, Any]]:
    """Pre-filled values: the order's current header, the customer in focus."""
    order = view["order"]
    customer = _focus_customer(loaded.company, loaded.state)
    account = customer.account if customer else None
    header = {
        k: order.get(k)
        for k in (
            "contact_id",
            "customer_ref",
            "instructions",
            "priority",
            "part_delivery",
        )
    }
    header["account"] = account
    header["requested_date"] = (
        date.fromisoformat(order["requested_date"])
        if order.get("requested_date")
        else None
    )
    if order.get("delivery") and order["delivery"].get("id"):
        header["delivery_address_id"] = order["delivery"]["id"]
    if customer is not None:  # an ERP offers the customer's defaults: first listed
        first = customer.contacts[0].id if customer.contacts else None
        header["contact_id"] = header.get("contact_id") or first
        if not header.get("delivery_address_id") and customer.delivery_addresses:
            header["delivery_address_id"] = customer.delivery_addresses[0].id
    lookups = view["lookups"]
    channel = view["brief"].get("channel")
    return {
        "search_crm": {
            "query": (lookups.get("search_crm") or {}).get("params", {}).get("query")
        },
        "search_catalogue": {
            "query": (lookups.get("search_catalogue") or {})
            .get("params", {})
            .get("query")
        },
        "set_order_header": header,
        "verify_caller": {"account": account, "contact_id": header.get("contact_id")},
        "send_confirmation": {
            "to_contact_id": order.get("contact_id"),
            "channel": channel if channel in ("email", "phone") else "email",
        },
    }


def _focus_product(loaded: LoadedRun, view: View) -> engine.Product | None:
    """The product last viewed (its options drive the bespoke line fields)."""
    viewed = view["lookups"].get("view_product")
    return loaded.company.product(viewed["params"]["code"]) if viewed else None
