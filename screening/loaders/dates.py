"""Dates of birth as sanctions lists write them.

OFAC: "10 Dec 1948", "Dec 1970", "1946", "circa 1950", "circa 1955-1960",
"1960 to 1962", "01 Jan 1960 to 31 Dec 1962". EU/UN files also use "1960-01-31",
"1960-01", "31.01.1960" and "1960-00-00" (unknown day and month). Each becomes the span
of days it allows.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from screening.loaders.base import ParsedDate

_MONTHS = {name: i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS.update({name.lower(): i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_DAY_MON_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_MON_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_RANGE = re.compile(r"\s+to\s+|\s*-\s*(?=\d{4}$)|\s*[–—]\s*")
_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.|approximately|approx\.?|about)\s+", re.IGNORECASE)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _point(text: str) -> tuple[date, date, str] | None:
    """(first day, last day, precision) of a single listed date, or None."""
    text = text.strip().rstrip(".")
    try:
        if m := _DAY_MON_YEAR.match(text):
            month = _MONTHS.get(m.group(2).lower())
            if month:
                day = date(int(m.group(3)), month, int(m.group(1)))
                return day, day, "day"
        elif m := _MON_YEAR.match(text):
            month = _MONTHS.get(m.group(1).lower())
            if month:
                year = int(m.group(2))
                return date(year, month, 1), _month_end(year, month), "month"
        elif m := _YEAR.match(text):
            year = int(m.group(1))
            return date(year, 1, 1), date(year, 12, 31), "year"
        elif m := _ISO.match(text):
            year, month = int(m.group(1)), int(m.group(2))
            day = int(m.group(3)) if m.group(3) else 0
            if month == 0:
                return date(year, 1, 1), date(year, 12, 31), "year"
            if day == 0:
                return date(year, month, 1), _month_end(year, month), "month"
            value = date(year, month, day)
            return value, value, "day"
        elif m := _DOTTED.match(text):
            value = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return value, value, "day"
    except ValueError:
        return None
    return None


def parse_date_of_birth(text: str) -> ParsedDate | None:
    """The span a listed date of birth allows, or None if the text is not a date.

    A "circa" date keeps its plain span and the ``circa`` flag; the matcher widens it by
    ``SCREENING_DOB_CIRCA_YEARS`` so that setting applies to lists already loaded.
    """
    raw = " ".join(text.split()).rstrip(".")
    body = raw
    circa = False
    if m := _CIRCA.match(body):
        circa = True
        body = body[m.end() :]
    parts = _RANGE.split(body, maxsplit=1)
    if len(parts) == 2:
        first, last = _point(parts[0]), _point(parts[1])
        if first is None or last is None:
            return None
        start, end = min(first[0], last[0]), max(first[1], last[1])
        precision = "range"
    else:
        point = _point(body)
        if point is None:
            return None
        start, end, precision = point
    return ParsedDate(text=raw, start=start.isoformat(), end=end.isoformat(), precision=precision, circa=circa)
