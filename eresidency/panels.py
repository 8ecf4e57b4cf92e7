"""Home-page panels: the applicant's application card and the identity officials' queue counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from eresidency import selectors


def applicant_panel(request: HttpRequest) -> dict[str, Any]:
    application = selectors.open_application_for(request.user)
    latest = application or selectors.applications_of(request.user).first()
    context: dict[str, Any] = {"application": latest, "is_open": application is not None}
    if latest is not None:
        context["days_left"] = selectors.days_left(latest)
        context["open_requests"] = latest.info_requests.filter(status="open").count()
        # The newest card of the person decides what an approved applicant is told.
        card = getattr(latest, "digital_id", None) if latest.state == "approved" else None
        if card is not None:
            newest = card.personal_code.digital_ids.order_by("-ordered_at").first() or card
            context["card_state"] = newest.state
    return context


def official_panel(request: HttpRequest) -> dict[str, Any]:
    return {"counts": selectors.queue_counts(), "can_act": request.user.role == "identity_official"}
