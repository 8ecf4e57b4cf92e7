"""Money helpers: euros as Decimal with two places, built from strings, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
# A sanity ceiling for amounts typed by people (prepayments): anything above is a typo.
MAX_AMOUNT = Decimal("1000000.00")


def to_money(value: Any) -> Decimal:
    """``Decimal`` euros rounded half-up to the cent. Refuses floats, bools and junk."""
    if isinstance(value, float | bool) or value is None:
        raise ValueError(f"Money must be given as a Decimal or a string, not {value!r}.")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise ValueError(f"{value!r} is not an amount of money.") from error
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount of money.")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_minor(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_minor(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(CENT)
