"""Legal time: dates the law cares about are dates in Europe/Tallinn (defined once here)."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

TALLINN = ZoneInfo("Europe/Tallinn")


def tallinn_date(moment: datetime | None = None) -> date:
    """The Tallinn calendar day of ``moment`` (now when omitted)."""
    return timezone.localtime(moment or timezone.now(), TALLINN).date()


def as_tallinn_date(moment: datetime) -> date:
    return tallinn_date(moment)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
