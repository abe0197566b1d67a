"""Money and percentage arithmetic with Decimal, rounded to pennies."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def dec(value: object) -> Decimal:
    """Parse a decimal from a string, int or Decimal; raise ValueError if malformed."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("use a decimal string, not a float")
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def pennies(value: Decimal) -> Decimal:
    """Round to two decimal places, half up (the way invoices round)."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def pct(value: Decimal) -> Decimal:
    """Normalise a percentage to at most two decimal places."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def gbp(value: Decimal) -> str:
    """Format as pounds sterling, e.g. ``£1,234.50``."""
    return f"£{pennies(value):,.2f}"


def apply_discount(net: Decimal, discount_pct: Decimal) -> Decimal:
    """Net value after a percentage discount, in pennies."""
    return pennies(net * (HUNDRED - discount_pct) / HUNDRED)


def pct_text(value: Decimal) -> str:
    """A percentage without trailing zeros, e.g. ``12.5`` or ``15``."""
    text = format(value.normalize(), "f")
    return text
