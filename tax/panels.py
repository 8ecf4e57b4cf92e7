"""Home-page panels: a person's companies' returns; the tax officers' VAT queue."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.home import journal_cached
from tax import selectors


@journal_cached(per_user=True)  # returns are filed through the journal; the key holds the date
def companies_panel(request: HttpRequest) -> dict[str, Any]:
    entries = selectors.accounts_for_user(request.user)
    rows = []
    for entry in entries[:5]:
        pending = [o for o in selectors.obligations(entry["account"], months=3) if o.status in ("due", "late")]
        rows.append({**entry, "pending": pending})
    return {"entries": rows}


@journal_cached(per_user=False)
def officer_panel(request: HttpRequest) -> dict[str, Any]:
    return {"waiting": len(selectors.vat_applications_waiting())}
