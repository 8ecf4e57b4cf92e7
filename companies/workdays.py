"""Working days in Estonia: Monday to Friday without Estonian public holidays (the
``holidays`` library's calendar for EE, not a list of our own)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta
from django.utils import timezone

TALLINN = ZoneInfo("Europe/Tallinn")


def tallinn_date(moment: datetime | None = None) -> date:
    return timezone.localtime(moment or timezone.now(), TALLINN).date()


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("EE", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``days=1``: the next working day)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def subtract_working_days(end: date, days: int) -> date:
    day = end
    remaining = days
    while remaining > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(day: date, months: int) -> date:
    return day + relativedelta(months=months)
