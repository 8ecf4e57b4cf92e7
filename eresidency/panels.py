"""Home-page panels: the applicant's application card and the identity officials' queue counts.

Each changes only through journaled acts (states, requests), so its HTML is cached under the
journal head (accounts.home.journal_cached)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Q, Value, When
from django.http import HttpRequest

from accounts.home import journal_cached
from eresidency import selectors
from eresidency.constants import CLOSED_STATES
from eresidency.models import Application


@journal_cached(per_user=True)
def applicant_panel(request: HttpRequest) -> dict[str, Any]:
    # One narrow query: the open application if there is one, else the latest, with the
    # number of open requests for information.
    latest = (
        Application.objects.filter(applicant=request.user)
        .annotate(
            panel_open=Case(When(state__in=sorted(CLOSED_STATES), then=Value(0)), default=Value(1)),
            panel_requests=Count("info_requests", filter=Q(info_requests__status="open")),
        )
        .only(
            "code", "state", "letter_status", "created_at", "decision_due", "clock_stopped_on"
        )  # every FSM field: django-fsm reads them on load
        .order_by("-panel_open", "-created_at")
        .first()
    )
    context: dict[str, Any] = {"application": latest, "is_open": bool(latest and latest.panel_open)}
    if latest is not None:
        context["days_left"] = selectors.days_left(latest)
        context["open_requests"] = latest.panel_requests
        # The newest card of the person decides what an approved applicant is told.
        card = getattr(latest, "digital_id", None) if latest.state == "approved" else None
        if card is not None:
            newest = card.personal_code.digital_ids.order_by("-ordered_at").first() or card
            context["card_state"] = newest.state
    return context


@journal_cached(per_user=False)
def official_panel(request: HttpRequest) -> dict[str, Any]:
    return {"counts": selectors.queue_counts(), "can_act": request.user.role == "identity_official"}
