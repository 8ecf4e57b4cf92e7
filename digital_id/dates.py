"""Legal dates of the digital ID are dates in Europe/Tallinn."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from eresidency.deadlines import tallinn_date

__all__ = ["add_months", "tallinn_date"]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def as_tallinn_date(moment: datetime) -> date:
    return tallinn_date(moment)
