"""Interest on tax paid late (Taxation Act § 117; fact sheet §3.5): unpaid tax × days late ×
the daily rate in force on each day, from the day after the due date up to and including
the payment date; rounded to the rule's step (a whole euro since 2020); not claimed below
the floor (€10)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tax.calculator.money import ZERO, round_money
from tax.rules import value_of


def late_interest(*, unpaid: Decimal, due: date, paid: date) -> Decimal:
    if paid <= due or unpaid <= 0:
        return ZERO
    total = Decimal(0)
    day = due + timedelta(days=1)
    while day <= paid:
        rate = value_of("late_interest_daily_rate", day)
        # Whole stretches at one rate at a time (rates change rarely).
        last = min(paid, rate.end or paid)
        days = (last - day).days + 1
        total += unpaid * rate.factor * days
        day = last + timedelta(days=1)
    step = value_of("late_interest_rounding", paid).number
    amount = round_money(total, step)
    floor = value_of("late_interest_floor", paid).number
    return amount if amount >= floor else ZERO
