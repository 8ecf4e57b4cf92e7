"""An imitation of hosted checkout for development and demos (never in production).

Its "checkout" is our own page with Pay / Fail / Cancel buttons; pressing one produces a
``ProviderEvent`` just like a Stripe webhook does, and it goes down the same settlement
path (``payments.services.events.provider_event_receive``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from payments.constants import Provider
from payments.exceptions import ProviderUnavailable
from payments.providers.base import CheckoutSession, EventKind, ProviderCheckoutRecord, ProviderEvent, ProviderRefund

if TYPE_CHECKING:
    from payments.models import Payment, Refund


def local_enabled() -> bool:
    return bool(getattr(settings, "PAYMENTS_LOCAL_ENABLED", False)) and not getattr(settings, "PRODUCTION", False)


class LocalProvider:
    name = Provider.LOCAL

    def __init__(self) -> None:
        if not local_enabled():
            raise ProviderUnavailable(_("The local payment imitation is switched off on this server."))

    def create_checkout(self, *, payment: Payment, success_url: str, cancel_url: str) -> CheckoutSession:
        return CheckoutSession(
            session_id=f"local_cs_{uuid.uuid4().hex}",
            url=reverse("payments:local_checkout", kwargs={"code": payment.code}),
        )

    def refund(self, *, payment: Payment, refund: Refund) -> ProviderRefund:
        return ProviderRefund(refund_id=f"local_re_{uuid.uuid4().hex}", accepted=True, status="succeeded")

    def list_checkouts(self, *, start: datetime, end: datetime) -> list[ProviderCheckoutRecord]:
        raise ProviderUnavailable(_("The local imitation keeps no records of its own to reconcile against."))

    def retrieve_checkout(self, *, session_id: str) -> ProviderCheckoutRecord | None:
        raise ProviderUnavailable(_("The local imitation keeps no records of its own to reconcile against."))


LOCAL_ACTIONS = {"pay": EventKind.PAID, "fail": EventKind.FAILED}


def local_event(*, payment: Payment, action: str, event_id: str) -> ProviderEvent:
    """The event the local checkout page's button stands for (``event_id`` comes from the
    page, so a double-submitted form replays one event instead of making two)."""
    kind = LOCAL_ACTIONS[action]
    return ProviderEvent(
        provider=Provider.LOCAL,
        event_id=f"local_evt_{event_id}",
        event_type=f"local.checkout.{action}",
        kind=kind,
        payment_code=str(payment.code),
        session_id=payment.provider_session_id,
        payment_intent=f"local_pi_{payment.code.hex}" if kind == EventKind.PAID else "",
        amount_minor=payment.amount_minor,
        currency=payment.currency.lower(),
    )
