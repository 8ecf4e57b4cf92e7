"""Home-page panels: a person's companies' returns; the tax officers' VAT queue."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tax import selectors


def companies_panel(request: HttpRequest) -> dict[str, Any]:
    try:
        entries = selectors.accounts_for_user(request.user)
    except ImportError:  # the business register is not installed in this build
        entries = []
    rows = []
    for entry in entries[:5]:
        pending = [o for o in selectors.obligations(entry["account"], months=3) if o.status in ("due", "late")]
        rows.append({**entry, "pending": pending})
    return {"entries": rows}


def officer_panel(request: HttpRequest) -> dict[str, Any]:
    return {"waiting": len(selectors.vat_applications_waiting())}
