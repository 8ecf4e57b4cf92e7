"""Legal dates: the decision term, its pauses, and how long a travel document must stay valid.

Dates the law cares about are dates in Europe/Tallinn. The decision term is 30 days
(estonia-facts §1.4); whether those are calendar or working days is the setting
ERESIDENCY_DECISION_DAY_KIND, because the English and Estonian pages of the board disagree.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from core.dates import TALLINN, add_months, tallinn_date
from eresidency import constants

__all__ = ["TALLINN", "add_months", "tallinn_date"]  # re-exported: legal time is defined in core.dates


def _easter_sunday(year: int) -> date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = ((h + l_ - 7 * m + 114) % 31) + 1
    return date(year, month, day)


@lru_cache(maxsize=64)
def estonian_public_holidays(year: int) -> frozenset[date]:
    """Public holidays under the Public Holidays and Days of National Importance Act § 2."""
    easter = _easter_sunday(year)
    fixed = [(1, 1), (2, 24), (5, 1), (6, 23), (6, 24), (8, 20), (12, 24), (12, 25), (12, 26)]
    days = {date(year, m, d) for m, d in fixed}
    days |= {easter - timedelta(days=2), easter, easter + timedelta(days=49)}
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in estonian_public_holidays(day.year)


def add_days(start: date, count: int, kind: str | None = None) -> date:
    """``count`` calendar or working days after ``start``."""
    kind = kind or constants.decision_day_kind()
    if kind == "calendar":
        return start + timedelta(days=count)
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def days_between(start: date, end: date, kind: str | None = None) -> int:
    """Calendar or working days from ``start`` (exclusive) to ``end`` (inclusive); 0 if end ≤ start."""
    kind = kind or constants.decision_day_kind()
    if end <= start:
        return 0
    if kind == "calendar":
        return (end - start).days
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


def decision_due(paid_on: date) -> date:
    return add_days(paid_on, constants.decision_days())


def document_valid_until_required(start: date) -> date:
    """The last day a travel document must still be valid on: the decision term, then
    delivery to the pick-up point (up to 5 weeks), then the 6-month pick-up window, since the
    same document must be shown when the card is collected (estonia-facts §1.2, §1.7)."""
    after_decision = add_days(start, constants.decision_days()) if start else start
    return add_months(after_decision + timedelta(days=constants.delivery_days()), constants.pickup_window_months())


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
