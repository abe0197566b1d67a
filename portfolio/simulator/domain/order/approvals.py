"""Which approvals the policy requires for an order, and whether one still covers it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.company.crm import AccountStatus, Customer
from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.order.model import Order, totals


class ApprovalType(StrEnum):
    """Kinds of approval the policy can require."""

    DISCOUNT = "discount"
    CREDIT = "credit"
    BESPOKE = "bespoke"


class Role(StrEnum):
    """Who can approve."""

    SUPERVISOR = "supervisor"
    SALES_MANAGER = "sales_manager"
    CREDIT_CONTROL = "credit_control"


ROLE_LABELS = {
    Role.SUPERVISOR: "your supervisor",
    Role.SALES_MANAGER: "the sales manager",
    Role.CREDIT_CONTROL: "credit control",
}
TYPE_ROLES = {
    ApprovalType.DISCOUNT: (Role.SUPERVISOR, Role.SALES_MANAGER),
    ApprovalType.CREDIT: (Role.CREDIT_CONTROL,),
    ApprovalType.BESPOKE: (Role.SUPERVISOR, Role.SALES_MANAGER),
}
RANK = {Role.SUPERVISOR: 1, Role.SALES_MANAGER: 2, Role.CREDIT_CONTROL: 1}


@dataclass(frozen=True)
class Requirement:
    """An approval the current order needs."""

    type: ApprovalType
    role: Role
    clause: str
    reason: str
    basis: Mapping[str, Any]


def discount_limits(company: Company) -> tuple[Decimal, Decimal, Decimal]:
    """(own authority, supervisor limit, sales manager limit) in percent."""
    p = company.policy
    return (
        p.number("discount_self", "max_pct"),
        p.number("discount_supervisor", "max_pct"),
        p.number("discount_manager", "max_pct"),
    )


def role_limit(company: Company, role: Role) -> Decimal:
    """The largest discount ``role`` may approve."""
    _, sup, mgr = discount_limits(company)
    return (
        mgr
        if role is Role.SALES_MANAGER
        else sup
        if role is Role.SUPERVISOR
        else Decimal(0)
    )


def discount_requirement(company: Company, order: Order) -> Requirement | None:
    """Supervisor or sales manager approval when a discount exceeds own authority."""
    own, sup, _ = discount_limits(company)
    over = {
        ln.code: str(ln.discount_pct) for ln in order.lines if ln.discount_pct > own
    }
    if not over:
        return None
    top = max(Decimal(v) for v in over.values())
    key = "discount_supervisor" if top <= sup else "discount_manager"
    role = Role(company.policy.text(key, "role"))
    reason = f"a discount of {top}% is over your {own}% authority"
    return Requirement(
        ApprovalType.DISCOUNT,
        role,
        company.policy.ref(key),
        reason,
        {"discounts": over},
    )


def credit_requirement(
    company: Company, customer: Customer | None, order: Order
) -> Requirement | None:
    """Credit control approval for an on-stop account or an order over the limit."""
    if customer is None:
        return None
    gross = totals(company, order.lines).gross
    basis = {"account": customer.account, "gross": str(gross)}
    role = Role(company.policy.text("credit_limit", "role"))
    if customer.status is AccountStatus.ON_STOP:
        return Requirement(
            ApprovalType.CREDIT,
            role,
            company.policy.ref("credit_on_stop"),
            f"account {customer.account} is on stop",
            basis,
        )
    if order.lines and customer.balance + gross > customer.credit_limit:
        reason = (
            f"balance £{customer.balance:,.2f} plus this order £{gross:,.2f} exceeds "
            f"the £{customer.credit_limit:,.2f} credit limit"
        )
        return Requirement(
            ApprovalType.CREDIT, role, company.policy.ref("credit_limit"), reason, basis
        )
    return None


def bespoke_requirement(company: Company, order: Order) -> Requirement | None:
    """Supervisor sign-off for made-to-order lines."""
    spec = [
        [ln.code, ln.qty, dict(sorted(ln.options.items()))]
        for ln in order.lines
        if _is_mto(company, ln.code)
    ]
    if not spec:
        return None
    role = Role(company.policy.text("bespoke_approval", "role"))
    return Requirement(
        ApprovalType.BESPOKE,
        role,
        company.policy.ref("bespoke_approval"),
        "made-to-order items need a signed-off specification",
        {"spec": spec},
    )


def _is_mto(company: Company, code: str) -> bool:
    """Whether ``code`` is a made-to-order product."""
    product = company.product(code)
    return product is not None and product.kind is ProductKind.MADE_TO_ORDER


def required_approvals(
    company: Company, customer: Customer | None, order: Order
) -> tuple[Requirement, ...]:
    """Every approval the policy requires for ``order`` as it stands."""
    found = (
        discount_requirement(company, order),
        credit_requirement(company, customer, order),
        bespoke_requirement(company, order),
    )
    return tuple(r for r in found if r is not None)


def covers(
    approved_type: str, approved_role: str, basis: Mapping[str, Any], req: Requirement
) -> bool:
    """Whether an approved approval (type, role, basis) covers requirement ``req``."""
    if approved_type != req.type.value:
        return False
    if (
        approved_role not in TYPE_ROLES[req.type]
        or RANK[Role(approved_role)] < RANK[req.role]
    ):
        return False
    if req.type is ApprovalType.DISCOUNT:
        got = basis.get("discounts", {})
        return all(
            code in got and Decimal(got[code]) >= Decimal(pct)
            for code, pct in req.basis["discounts"].items()
        )
    if req.type is ApprovalType.CREDIT:
        return basis.get("account") == req.basis["account"] and Decimal(
            basis.get("gross", "0")
        ) >= Decimal(req.basis["gross"])
    return bool(basis.get("spec") == req.basis["spec"])
