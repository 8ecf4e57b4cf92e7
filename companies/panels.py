"""Home-page panels: the founder's applications and companies, the registrar's queue counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.home import journal_cached
from companies import selectors


@journal_cached(per_user=True)  # applications, reservations and companies move only through the journal
def founder_panel(request: HttpRequest) -> dict[str, Any]:
    return {
        "applications": selectors.founding_applications_of(request.user)[:5],
        "companies": selectors.companies_represented_by(user=request.user),
        "reservation": selectors.active_reservation_of(request.user),
    }


@journal_cached(per_user=False)
def registrar_panel(request: HttpRequest) -> dict[str, Any]:
    return {"counts": selectors.queue_counts()}
