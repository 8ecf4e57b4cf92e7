"""Money: Decimal from text, rounded in one place.

Tax amounts are rounded to the cent, half up (0.005 → 0.01), line by line, as EMTA's
forms do: each computed figure of a line is rounded, and totals are sums of rounded
figures. Interest is rounded to the step in the rule ``late_interest_rounding`` (a whole
euro since 2020, Taxation Act § 97).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(amount: Decimal, step: Decimal = CENT) -> Decimal:
    """The project's only rounding of money: half up to ``step`` (a cent unless told)."""
    if step == CENT:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return ((amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step).quantize(CENT)


def money_text(amount: Decimal) -> str:
    return str(amount.quantize(CENT))
