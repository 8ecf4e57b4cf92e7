"""What every payment provider offers, and the provider-neutral shape of its events."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from payments.models import Payment, Refund


class EventKind(enum.StrEnum):
    PAID = "paid"  # money received: settle
    PROCESSING = "processing"  # checkout finished, money not yet received (async methods)
    FAILED = "failed"
    EXPIRED = "expired"
    REFUNDED = "refunded"  # cumulative refunded amount of the charge
    IGNORED = "ignored"  # an event we do not act on


@dataclass(frozen=True)
class ProviderEvent:
    """One provider event, reduced to the facts settlement needs.

    The Stripe webhook and the local imitation both produce these, so both drive the one
    settlement path in ``payments.services.events``.
    """

    provider: str
    event_id: str
    event_type: str
    kind: EventKind
    payment_code: str = ""
    session_id: str = ""
    payment_intent: str = ""
    amount_minor: int | None = None
    currency: str = ""
    refunded_minor: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "payment_code": self.payment_code,
            "session_id": self.session_id,
            "payment_intent": self.payment_intent,
            "amount_minor": self.amount_minor,
            "currency": self.currency,
            "refunded_minor": self.refunded_minor,
            **self.extra,
        }


@dataclass(frozen=True)
class CheckoutSession:
    session_id: str
    url: str


@dataclass(frozen=True)
class ProviderRefund:
    refund_id: str
    accepted: bool
    status: str


@dataclass(frozen=True)
class ProviderCheckoutRecord:
    """The provider's view of one checkout, for reconciliation."""

    session_id: str
    payment_code: str
    status: str  # open | complete | expired
    payment_status: str  # paid | unpaid | no_payment_required
    amount_minor: int | None
    currency: str
    refunded_minor: int | None
    created: datetime | None
    payment_intent: str = ""


class PaymentProvider(Protocol):
    name: str

    def create_checkout(self, *, payment: Payment, success_url: str, cancel_url: str) -> CheckoutSession: ...

    def refund(self, *, payment: Payment, refund: Refund) -> ProviderRefund: ...

    def list_checkouts(self, *, start: datetime, end: datetime) -> list[ProviderCheckoutRecord]: ...

    def retrieve_checkout(self, *, session_id: str) -> ProviderCheckoutRecord | None: ...
