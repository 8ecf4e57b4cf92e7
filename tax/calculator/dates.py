"""Due dates and working days (Estonian public holidays from the ``holidays`` library)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("EE", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, else the first working day after it
    (Taxation Act § 33: a term ending on a day off ends on the next working day)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day``."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def period_bounds(period: str) -> tuple[date, date]:
    """ "2025-07" → (2025-07-01, 2025-07-31)."""
    year, month = (int(p) for p in period.split("-"))
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def month_after(period: str) -> date:
    _first, last = period_bounds(period)
    return last + timedelta(days=1)


def due_date(*, due_day: int, period: str) -> date:
    """The ``due_day`` of the month after ``period``, moved to the next working day."""
    following = month_after(period)
    return next_working_day(following.replace(day=due_day))
