"""Home-page panels: the holder's card, the pick-up desk and the identity officials' queue."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.home import journal_cached
from digital_id import selectors


@journal_cached(per_user=True)
def holder_panel(request: HttpRequest) -> dict[str, Any]:
    cards = list(selectors.digital_ids_of(request.user)[:1])
    context: dict[str, Any] = {"view": selectors.card_view(cards[0]) if cards else None}
    context["waiting_for_order"] = selectors.approved_without_card(request.user) if not cards else None
    context["renewal"] = selectors.open_renewal_of(request.user) if cards else None
    return context


@journal_cached(per_user=False)
def pickup_panel(request: HttpRequest) -> dict[str, Any]:
    return {"counts": selectors.counts_for_pickup()}


@journal_cached(per_user=False)
def identity_panel(request: HttpRequest) -> dict[str, Any]:
    return {"counts": selectors.counts_for_registry(), "can_act": request.user.role == "identity_official"}
