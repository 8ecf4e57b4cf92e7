"""Legal dates of the digital ID are dates in Europe/Tallinn (see ``core.dates``)."""

from __future__ import annotations

from core.dates import add_months, as_tallinn_date, tallinn_date

__all__ = ["add_months", "as_tallinn_date", "tallinn_date"]
