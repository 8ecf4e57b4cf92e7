"""Reads: fee lookups by date, payments for a thing, the payer's list, admin queues."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.constants import Role
from payments.constants import LEGAL_TZ, EventOutcome, HandoffStatus
from payments.exceptions import FeeNotFound
from payments.models import Fee, Payment, SettlementHandoff, WebhookEvent


def tallinn_today() -> date:
    return timezone.localdate(timezone=LEGAL_TZ)


def fee_version(code: str, *, on: date | None = None, variant: str = "") -> Fee:
    """The version of fee ``code`` valid on ``on`` (a Tallinn date; today if omitted).

    A ``variant`` (e.g. ``"embassy"``) that has no version of its own on that day falls
    back to the standard fee.
    """
    day = on or tallinn_today()
    valid = Q(code=code, valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    variants = [variant, ""] if variant else [""]
    for candidate in variants:
        fee = Fee.objects.filter(valid, variant=candidate).order_by("-valid_from").first()
        if fee is not None:
            return fee
    raise FeeNotFound(f"No version of fee {code!r} (variant {variant!r}) is valid on {day.isoformat()}.")


def fee_amount(code: str, on: date | None = None, *, variant: str = "") -> Decimal:
    """The amount of fee ``code`` on ``on`` (contract: ``fee_amount(code, on=date)``)."""
    return fee_version(code, on=on, variant=variant).amount


def fee_history(code: str | None = None) -> QuerySet[Fee]:
    qs = Fee.objects.all()
    return qs.filter(code=code) if code else qs


def payment_for(*, purpose: str, reference: str) -> Payment | None:
    """The latest payment for this thing, whatever its state, or ``None``."""
    return Payment.objects.filter(purpose=purpose, reference=str(reference)).order_by("-created_at", "-pk").first()


def payment_by_code(code: Any) -> Payment | None:
    try:
        key = code if isinstance(code, uuid.UUID) else uuid.UUID(str(code))
    except (TypeError, ValueError, AttributeError):
        return None
    return Payment.objects.filter(code=key).first()


def payments_of(user: Any) -> QuerySet[Payment]:
    return Payment.objects.filter(payer=user).select_related("fee").order_by("-created_at", "-pk")


# Auditors oversee every agency and administrators run the payment operations.
OVERSIGHT_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR})


def can_view_payment(user: Any, payment: Payment) -> bool:
    """The payer; officials of the agency whose case the payment is for (registered per
    purpose, ``payments.registry.register_payment_readers``); auditors and administrators.
    The second factor is checked by the view."""
    if not getattr(user, "is_authenticated", False):
        return False
    if payment.payer_id == user.pk:
        return True
    if not getattr(user, "is_official", False):
        return False
    from payments.registry import payment_reader_roles

    return user.role in OVERSIGHT_ROLES or user.role in payment_reader_roles(payment.purpose)


def get_payment_for_user(user: Any, code: Any, *, pay: bool = False) -> Payment:
    """The payment ``code`` if ``user`` may see it (``pay=True``: act on it as the payer).

    Anyone else gets a 404, so a payment's existence is not revealed.
    """
    payment = payment_by_code(code)
    if payment is None:
        raise Http404
    if pay:
        if not getattr(user, "is_authenticated", False) or payment.payer_id != user.pk:
            raise Http404
    elif not can_view_payment(user, payment):
        raise Http404
    return payment


def handoffs_open() -> QuerySet[SettlementHandoff]:
    return (
        SettlementHandoff.objects.exclude(status=HandoffStatus.DONE)
        .select_related("payment", "payment__payer")
        .order_by("created_at")
    )


def payments_needing_attention() -> QuerySet[Payment]:
    return Payment.objects.filter(needs_attention=True).select_related("payer").order_by("updated_at")


def events_needing_attention(limit: int = 50) -> QuerySet[WebhookEvent]:
    return WebhookEvent.objects.filter(outcome__in=[EventOutcome.UNMATCHED, EventOutcome.FLAGGED]).select_related(
        "payment"
    )[:limit]


def operations_counts() -> dict[str, int]:
    return {
        "handoffs": handoffs_open().count(),
        "attention": payments_needing_attention().count(),
    }


def handoff_by_code(code: Any) -> SettlementHandoff | None:
    return SettlementHandoff.objects.filter(code=code).select_related("payment").first()


def payment_history(payment: Payment) -> dict[str, Any]:
    """What an administrator sees about one payment besides its journal."""
    return {
        "refunds": payment.refunds.select_related("requested_by").order_by("created_at"),
        "events": payment.events.order_by("received_at"),
        "handoff": SettlementHandoff.objects.filter(payment=payment).first(),
    }
