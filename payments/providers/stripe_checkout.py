"""Stripe: hosted Checkout Sessions, refunds, signed webhooks, listing for reconciliation.

Everything goes through the real ``stripe`` library's ``StripeClient``; tests point its
``api`` base address at a fake Stripe server on loopback (``settings.STRIPE_API_BASE``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from payments.constants import Provider
from payments.exceptions import MalformedEvent, ProviderError, ProviderUnavailable, RefundRefused
from payments.providers.base import (
    CheckoutSession,
    EventKind,
    ProviderCheckoutRecord,
    ProviderEvent,
    ProviderRefund,
)

if TYPE_CHECKING:
    from payments.models import Payment, Refund

logger = logging.getLogger(__name__)

SESSION_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
}
CHARGE_REFUNDED = "charge.refunded"


def checkout_idempotency_key(payment: Payment) -> str:
    # Derived from our payment code: a retried request (network error, double click,
    # a crash before we saved the session id) gets the same Checkout Session back.
    return f"eres-checkout-{payment.code}"


def refund_idempotency_key(refund: Refund) -> str:
    return f"eres-refund-{refund.code}"


def stripe_client() -> stripe.StripeClient:
    key = getattr(settings, "STRIPE_SECRET_KEY", "")
    if not key:
        raise ProviderUnavailable(_("Card payments are not configured on this server."))
    options: dict[str, Any] = {
        "max_network_retries": int(getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", 2)),
    }
    base = getattr(settings, "STRIPE_API_BASE", "")
    if base:
        options["base_addresses"] = {"api": base.rstrip("/")}
    return stripe.StripeClient(key, **options)


def _id_of(value: Any) -> str:
    """An id field that may also come back expanded into an object."""
    if isinstance(value, dict):
        value = value.get("id")
    if not isinstance(value, str):
        return ""
    if len(value) > 255:
        raise MalformedEvent(_("An id in the event is too long."))
    return value


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _session_record(data: dict[str, Any]) -> ProviderCheckoutRecord:
    metadata = data.get("metadata") or {}
    intent = data.get("payment_intent")
    refunded = None
    if isinstance(intent, dict):
        charge = intent.get("latest_charge")
        if isinstance(charge, dict):
            refunded = _int_or_none(charge.get("amount_refunded"))
    created = _int_or_none(data.get("created"))
    return ProviderCheckoutRecord(
        session_id=str(data.get("id") or ""),
        payment_code=str(metadata.get("payment_code") or data.get("client_reference_id") or ""),
        status=str(data.get("status") or ""),
        payment_status=str(data.get("payment_status") or ""),
        amount_minor=_int_or_none(data.get("amount_total")),
        currency=str(data.get("currency") or "").lower(),
        refunded_minor=refunded,
        created=datetime.fromtimestamp(created, tz=UTC) if created is not None else None,
        payment_intent=_id_of(intent),
    )


class StripeProvider:
    name = Provider.STRIPE

    def __init__(self) -> None:
        self.client = stripe_client()

    def create_checkout(self, *, payment: Payment, success_url: str, cancel_url: str) -> CheckoutSession:
        code = str(payment.code)
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": payment.currency.lower(),
                        "unit_amount": payment.amount_minor,
                        "product_data": {"name": payment.description[:250]},
                    },
                }
            ],
            "client_reference_id": code,
            "metadata": {"payment_code": code, "purpose": payment.purpose, "reference": payment.reference},
            "payment_intent_data": {"metadata": {"payment_code": code}},
            "customer_email": payment.payer.email,
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
        try:
            session = self.client.v1.checkout.sessions.create(
                params=params, options={"idempotency_key": checkout_idempotency_key(payment)}
            )
        except stripe.StripeError as error:
            logger.warning("Stripe refused a Checkout Session for %s: %s", code, error)
            raise ProviderError(_("The card payment service is not available right now. Try again shortly."))
        data = session.to_dict()
        session_id, url = data.get("id"), data.get("url")
        if (
            not isinstance(session_id, str)
            or not session_id
            or not isinstance(url, str)
            or not url.startswith("https://")
        ):
            raise ProviderError(_("The card payment service sent an answer we cannot use."))
        if data.get("amount_total") not in (None, payment.amount_minor):
            raise ProviderError(_("The card payment service reported a different amount; nothing was charged."))
        return CheckoutSession(session_id=session_id, url=url)

    def refund(self, *, payment: Payment, refund: Refund) -> ProviderRefund:
        if not payment.provider_payment_intent:
            raise RefundRefused(_("This payment has no card charge to refund."))
        params = {
            "payment_intent": payment.provider_payment_intent,
            "amount": int((refund.amount * 100).to_integral_value()),
            "reason": "requested_by_customer",
            "metadata": {"payment_code": str(payment.code), "refund_code": str(refund.code)},
        }
        try:
            result = self.client.v1.refunds.create(
                params=params, options={"idempotency_key": refund_idempotency_key(refund)}
            )
        except stripe.StripeError as error:
            logger.warning("Stripe refused refund %s: %s", refund.code, error)
            raise ProviderError(
                _("The card payment service refused the refund: %(reason)s")
                % {"reason": getattr(error, "user_message", None) or _("no reason given")}
            )
        data = result.to_dict()
        status = str(data.get("status") or "")
        return ProviderRefund(
            refund_id=str(data.get("id") or ""), accepted=status in {"succeeded", "pending"}, status=status
        )

    def list_checkouts(self, *, start: datetime, end: datetime) -> list[ProviderCheckoutRecord]:
        params = {
            "created": {"gte": int(start.timestamp()), "lt": int(end.timestamp())},
            "limit": 100,
            "expand": ["data.payment_intent.latest_charge"],
        }
        try:
            page = self.client.v1.checkout.sessions.list(params=params)
            return [_session_record(session.to_dict()) for session in page.auto_paging_iter()]
        except stripe.StripeError as error:
            raise ProviderError(_("Could not list checkouts at Stripe: %(error)s") % {"error": error})

    def retrieve_checkout(self, *, session_id: str) -> ProviderCheckoutRecord | None:
        try:
            session = self.client.v1.checkout.sessions.retrieve(
                session_id, params={"expand": ["payment_intent.latest_charge"]}
            )
        except stripe.InvalidRequestError as error:
            if getattr(error, "http_status", None) == 404:
                return None
            raise ProviderError(_("Could not read a checkout at Stripe: %(error)s") % {"error": error})
        except stripe.StripeError as error:
            raise ProviderError(_("Could not read a checkout at Stripe: %(error)s") % {"error": error})
        return _session_record(session.to_dict())


def verify_and_parse(*, payload: bytes, signature: str | None) -> ProviderEvent:
    """Check ``Stripe-Signature`` against our endpoint secret and tolerance, then reduce
    the event to a ``ProviderEvent``. Raises ``stripe.SignatureVerificationError`` or
    ``MalformedEvent``; the caller answers 400 to both."""
    secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
    if not secret:
        raise ProviderUnavailable(_("Stripe webhooks are not configured on this server."))
    tolerance = int(getattr(settings, "STRIPE_WEBHOOK_TOLERANCE", 300))
    _refuse_future_timestamp(signature)
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret, tolerance=tolerance)
        data = event.to_dict()
    except stripe.SignatureVerificationError:
        raise
    except RecursionError as error:  # signed, but nested deeper than any Stripe event
        raise MalformedEvent(_("The event body is nested too deeply.")) from error
    except (ValueError, TypeError, KeyError, AttributeError) as error:  # body is not JSON / not an event
        raise MalformedEvent(_("The event body is not a Stripe event.")) from error
    return parse_event(data)


def _refuse_future_timestamp(signature: str | None) -> None:
    """The library refuses signatures older than the tolerance but not ones dated in the
    future (a replay window an attacker holding one signed body could stretch). Allow only
    ``STRIPE_WEBHOOK_FUTURE_SKEW`` seconds of clock difference."""
    skew = int(getattr(settings, "STRIPE_WEBHOOK_FUTURE_SKEW", 60))
    for part in (signature or "").split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t":
            try:
                stamp = int(value)
            except ValueError:
                return  # the library refuses a malformed header
            if stamp > int(timezone.now().timestamp()) + skew:
                raise stripe.SignatureVerificationError(
                    "Timestamp is in the future beyond the allowed clock skew", signature or ""
                )
            return


def parse_event(data: Any) -> ProviderEvent:
    if not isinstance(data, dict):
        raise MalformedEvent(_("The event body is not a Stripe event."))
    event_id, event_type = data.get("id"), data.get("type")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        raise MalformedEvent(_("The event has no id."))
    if not isinstance(event_type, str) or not event_type or len(event_type) > 100:
        raise MalformedEvent(_("The event has no type."))
    obj = (data.get("data") or {}).get("object") if isinstance(data.get("data"), dict) else None
    common = {"provider": Provider.STRIPE, "event_id": event_id, "event_type": event_type}
    if event_type not in SESSION_EVENTS and event_type != CHARGE_REFUNDED:
        return ProviderEvent(kind=EventKind.IGNORED, **common)
    if not isinstance(obj, dict):
        raise MalformedEvent(_("The event carries no object."))
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if event_type == CHARGE_REFUNDED:
        return ProviderEvent(
            kind=EventKind.REFUNDED,
            payment_code=str(metadata.get("payment_code") or ""),
            payment_intent=_id_of(obj.get("payment_intent")),
            amount_minor=_int_or_none(obj.get("amount")),
            currency=str(obj.get("currency") or "").lower(),
            refunded_minor=_int_or_none(obj.get("amount_refunded")),
            extra={"charge": _id_of(obj.get("id"))},
            **common,
        )
    payment_status = str(obj.get("payment_status") or "")
    if event_type == "checkout.session.completed":
        kind = EventKind.PAID if payment_status in {"paid", "no_payment_required"} else EventKind.PROCESSING
    elif event_type == "checkout.session.async_payment_succeeded":
        kind = EventKind.PAID
    elif event_type == "checkout.session.async_payment_failed":
        kind = EventKind.FAILED
    else:
        kind = EventKind.EXPIRED
    return ProviderEvent(
        kind=kind,
        payment_code=str(metadata.get("payment_code") or obj.get("client_reference_id") or ""),
        session_id=_id_of(obj.get("id")),
        payment_intent=_id_of(obj.get("payment_intent")),
        amount_minor=_int_or_none(obj.get("amount_total")),
        currency=str(obj.get("currency") or "").lower(),
        extra={"payment_status": payment_status},
        **common,
    )
