"""The one settlement path: every provider event (a verified Stripe webhook, or a press of
a button on the local imitation's checkout page) comes through ``provider_event_receive``.

Safe against counting money twice:
- each event id is stored once (unique constraint); a replay finds its row and does nothing;
- the payment row is locked (``select_for_update``) while an event is applied;
- states only move forward: a late "expired" after "paid", or a late "paid" after a
  refund, changes nothing;
- an amount, currency or session that does not match our payment is flagged and journaled,
  never settled.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import journal_record, transition
from audit.types import ActorLike
from payments import events
from payments.constants import OPEN_STATUSES, PAID_STATUSES, SETTLED_STATUSES, EventOutcome, PaymentStatus, Provider
from payments.exceptions import InvalidPaymentRequest, PaymentNotPayable
from payments.models import Payment, WebhookEvent
from payments.money import from_minor
from payments.providers.base import EventKind, ProviderEvent
from payments.providers.local import LOCAL_ACTIONS, LocalProvider, local_event
from payments.services.settlement import hand_off
from payments.services.state import apply_refunded_total, flag_payment, schedule_receipt


@dataclass(frozen=True)
class EventResult:
    record: WebhookEvent
    duplicate: bool = False

    @property
    def outcome(self) -> str:
        return "duplicate" if self.duplicate else self.record.outcome


def provider_event_receive(*, event: ProviderEvent, actor: ActorLike = None) -> EventResult:
    """Store ``event`` once and apply it to its payment. ``actor`` defaults to the
    provider's name (``"stripe"``); the local imitation passes the person who pressed."""
    actor = actor if actor is not None else str(event.provider)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(
                    provider=event.provider,
                    event_id=event.event_id,
                    event_type=event.event_type,
                    summary=event.summary(),
                )
        except IntegrityError:
            # Another delivery of this event was stored first (on PostgreSQL a concurrent
            # one waits on the unique index until that transaction commits).
            existing = WebhookEvent.objects.get(provider=event.provider, event_id=event.event_id)
            return EventResult(existing, duplicate=True)
        if event.kind == EventKind.IGNORED:
            _finish(record, EventOutcome.IGNORED)
            return EventResult(record)
        payment, problem = _find_payment(event)
        if payment is None:
            _finish(record, EventOutcome.UNMATCHED, problem)
            journal_record(
                actor=actor,
                action=events.PROVIDER_EVENT_UNMATCHED,
                subject=("payments.webhookevent", record.journal_public_id),
                reason=problem,
                data=event.summary(),
            )
            return EventResult(record)
        record.payment = payment
        outcome, detail = _APPLY[event.kind](payment, event, actor)
        _finish(record, outcome, detail)
    return EventResult(record)


def _finish(record: WebhookEvent, outcome: str, detail: str = "") -> None:
    record.outcome = outcome
    record.detail = detail
    record.save(update_fields=["outcome", "detail", "payment"])


def _find_payment(event: ProviderEvent) -> tuple[Payment | None, str]:
    locked = Payment.objects.select_for_update()
    payment = None
    if event.payment_code:
        try:
            code = uuid.UUID(event.payment_code)
        except ValueError:
            return None, _("The event names a payment code that is not one of ours.")
        payment = locked.filter(code=code).first()
    elif event.session_id:
        payment = locked.filter(provider=event.provider, provider_session_id=event.session_id).first()
    elif event.payment_intent:
        payment = locked.filter(provider=event.provider, provider_payment_intent=event.payment_intent).first()
    if payment is None:
        return None, _("No payment matches this event.")
    if payment.provider != event.provider:
        return None, _("The event comes from a different provider than the payment's.")
    return payment, ""


def _mismatch(payment: Payment, event: ProviderEvent) -> str:
    if event.amount_minor is None:
        return _("The provider did not report an amount.")
    if event.amount_minor != payment.amount_minor:
        return _("The provider reports %(got)s cents; we asked for %(want)s.") % {
            "got": event.amount_minor,
            "want": payment.amount_minor,
        }
    if event.currency != payment.currency.lower():
        return _("The provider reports currency %(got)r; we asked for %(want)r.") % {
            "got": event.currency,
            "want": payment.currency.lower(),
        }
    if event.session_id and payment.provider_session_id and event.session_id != payment.provider_session_id:
        return _("The event is for checkout %(got)s; this payment's checkout is %(want)s.") % {
            "got": event.session_id,
            "want": payment.provider_session_id,
        }
    return ""


def _apply_paid(payment: Payment, event: ProviderEvent, actor: ActorLike) -> tuple[str, str]:
    if payment.status in SETTLED_STATUSES:
        return EventOutcome.NO_CHANGE, _("Already paid.")
    data = event.summary() | {"event": event.event_id}
    if payment.status not in OPEN_STATUSES:
        reason = _("Money was reported for a payment that is already %(status)s; refund or resolve it.") % {
            "status": payment.status
        }
        flag_payment(payment, reason=reason, actor=actor, data=data)
        return EventOutcome.FLAGGED, reason
    problem = _mismatch(payment, event)
    if problem:
        flag_payment(payment, reason=problem, actor=actor, data=data)
        return EventOutcome.FLAGGED, problem
    if event.payment_intent:
        payment.provider_payment_intent = event.payment_intent
    if event.session_id and not payment.provider_session_id:
        payment.provider_session_id = event.session_id
    transition(payment, "succeed", actor=actor, reason=_("Payment received."), data=data)
    schedule_receipt(payment)
    if payment.refunded_amount >= payment.amount:
        # A refund of the whole amount was reported before the payment itself: the money is
        # back with the payer, so nothing is handed to the purpose.
        apply_refunded_total(payment, payment.refunded_amount, actor=actor, reason=_("Refunded before settlement."))
        return EventOutcome.SETTLED, _("Paid and already refunded in full; not handed off.")
    hand_off(payment)
    if payment.refunded_amount > 0:
        apply_refunded_total(payment, payment.refunded_amount, actor=actor, reason=_("Refund reported earlier."))
    return EventOutcome.SETTLED, ""


def _apply_processing(payment: Payment, event: ProviderEvent, actor: ActorLike) -> tuple[str, str]:
    if payment.status not in OPEN_STATUSES:
        return EventOutcome.NO_CHANGE, ""
    if event.payment_intent:
        payment.provider_payment_intent = event.payment_intent
    if event.session_id and not payment.provider_session_id:
        payment.provider_session_id = event.session_id
    data = event.summary() | {"event": event.event_id}
    if payment.status == PaymentStatus.CREATED:
        transition(payment, "start", actor=actor, reason=_("Checkout finished; waiting for the money."), data=data)
    else:
        payment.save(update_fields=["provider_payment_intent", "provider_session_id", "updated_at"])
        journal_record(actor=actor, action=events.PROCESSING, subject=payment, data=data)
    return EventOutcome.UPDATED, ""


def _close(name: str, reason: Any) -> Any:
    def apply(payment: Payment, event: ProviderEvent, actor: ActorLike) -> tuple[str, str]:
        if payment.status not in OPEN_STATUSES:
            # Never backwards: "expired" after "paid", "failed" after "refunded" change nothing.
            return EventOutcome.NO_CHANGE, ""
        transition(payment, name, actor=actor, reason=str(reason), data=event.summary() | {"event": event.event_id})
        return EventOutcome.UPDATED, ""

    return apply


def _apply_refunded(payment: Payment, event: ProviderEvent, actor: ActorLike) -> tuple[str, str]:
    data = event.summary() | {"event": event.event_id}
    problem = ""
    if event.refunded_minor is None or event.refunded_minor < 0:
        problem = _("The refund event carries no refunded amount.")
    elif event.currency != payment.currency.lower():
        problem = _("The refund is in %(got)r; the payment is in %(want)r.") % {
            "got": event.currency,
            "want": payment.currency.lower(),
        }
    elif event.amount_minor is not None and event.amount_minor != payment.amount_minor:
        problem = _("The refunded charge was for %(got)s cents; the payment is %(want)s.") % {
            "got": event.amount_minor,
            "want": payment.amount_minor,
        }
    elif from_minor(event.refunded_minor) > payment.amount:
        problem = _("The provider reports more refunded than was paid.")
    if problem:
        flag_payment(payment, reason=problem, actor=actor, data=data)
        return EventOutcome.FLAGGED, problem
    total: Decimal = from_minor(event.refunded_minor or 0)
    if payment.status in PAID_STATUSES:
        changed = apply_refunded_total(
            payment, total, actor=actor, reason=_("Refund reported by the provider."), data=data
        )
        return (EventOutcome.UPDATED if changed else EventOutcome.NO_CHANGE), ""
    if payment.status == PaymentStatus.REFUNDED:
        return EventOutcome.NO_CHANGE, ""
    # A refund before we saw the payment succeed (events out of order, or a refund of a
    # payment we consider failed). Remember the amount, never count it twice, and tell an
    # administrator.
    if total > payment.refunded_amount:
        payment.refunded_amount = total
    reason = _("A refund was reported for a payment that is %(status)s here.") % {"status": payment.status}
    flag_payment(payment, reason=reason, actor=actor, data=data)
    return EventOutcome.FLAGGED, reason


_APPLY = {
    EventKind.PAID: _apply_paid,
    EventKind.PROCESSING: _apply_processing,
    EventKind.FAILED: _close("fail", gettext_lazy("The payment failed at the provider.")),
    EventKind.EXPIRED: _close("expire", gettext_lazy("The checkout expired without payment.")),
    EventKind.REFUNDED: _apply_refunded,
}


def local_checkout_act(*, payment: Payment, action: str, event_id: str, actor: ActorLike) -> EventResult:
    """A button on the local imitation's checkout page: ``pay`` or ``fail``.

    Goes down exactly the path a Stripe webhook takes. ``event_id`` is the page's one-time
    id, so a double-submitted form is a replay, not a second payment.
    """
    LocalProvider()  # refuses when the imitation is switched off
    if payment.provider != Provider.LOCAL:
        raise PaymentNotPayable(_("This payment is not made through the local imitation."))
    if action not in LOCAL_ACTIONS:
        raise InvalidPaymentRequest(_("Unknown action."))
    try:
        token = uuid.UUID(str(event_id)).hex
    except ValueError:
        raise InvalidPaymentRequest(_("The form has expired; open the page again."))
    return provider_event_receive(event=local_event(payment=payment, action=action, event_id=token), actor=actor)
