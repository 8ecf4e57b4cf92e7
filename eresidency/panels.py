"""Home-page panels: the applicant's application card and the identity officials' queue counts.

Each changes only through journaled acts (states, requests), so its HTML is cached under the
journal head (accounts.home.journal_cached)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.home import journal_cached
from eresidency import selectors


@journal_cached(per_user=True)
def applicant_panel(request: HttpRequest) -> dict[str, Any]:
    application = selectors.open_application_for(request.user)
    latest = application or selectors.applications_of(request.user).first()
    context: dict[str, Any] = {"application": latest, "is_open": application is not None}
    if latest is not None:
        context["days_left"] = selectors.days_left(latest)
        context["open_requests"] = latest.info_requests.filter(status="open").count()
    return context


@journal_cached(per_user=False)
def official_panel(request: HttpRequest) -> dict[str, Any]:
    return {"counts": selectors.queue_counts(), "can_act": request.user.role == "identity_official"}
