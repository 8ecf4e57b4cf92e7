"""Refunds, full or partial, through the payment's provider.

Three short steps so that no database lock is held while the provider is called:
reserve (a ``Refund`` row; the amount counts against what is refundable), call the
provider with an idempotency key derived from the refund's code, record the result.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from audit.types import ActorLike
from payments import events
from payments.constants import PAID_STATUSES, RefundStatus
from payments.exceptions import InvalidPaymentRequest, PaymentError, ProviderError, RefundRefused
from payments.models import Payment, Refund
from payments.money import to_money
from payments.providers import get_provider
from payments.services.state import apply_refunded_total, lock_payment


def _sum(payment: Payment, status: str) -> Decimal:
    return payment.refunds.filter(status=status).aggregate(total=Sum("amount"))["total"] or Decimal("0")


def payment_refund(*, payment: Payment, amount: Decimal | str | None = None, reason: str, actor: ActorLike) -> Refund:
    """Give ``amount`` (all that is left if omitted) of a paid payment back to the payer."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidPaymentRequest(_("Give a reason for the refund."))
    value: Decimal | None = None
    if amount not in (None, ""):
        try:
            value = to_money(amount)
        except ValueError:
            raise InvalidPaymentRequest(_("Enter an amount in euros, such as 25.00."))
    provider = get_provider(payment.provider)

    with transaction.atomic():
        payment = lock_payment(payment)
        if payment.status not in PAID_STATUSES:
            raise RefundRefused(_("Only a paid payment can be refunded."))
        available = payment.amount - max(payment.refunded_amount, _sum(payment, RefundStatus.SUCCEEDED))
        available -= _sum(payment, RefundStatus.REQUESTED)
        value = available if value is None else value
        if value <= 0 or value > available:
            raise RefundRefused(_("At most €%(available)s can be refunded.") % {"available": max(available, 0)})
        refund = Refund.objects.create(
            payment=payment,
            amount=value,
            reason=reason[:2000],
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        journal_record(
            actor=actor,
            action=events.REFUND_REQUESTED,
            subject=payment,
            from_state=payment.status,
            to_state=payment.status,
            reason=reason,
            data={"refund": str(refund.code), "amount": str(value)},
        )

    try:
        result = provider.refund(payment=payment, refund=refund)
        if not result.accepted:
            raise ProviderError(_("The provider did not accept the refund (status %(s)s).") % {"s": result.status})
    except PaymentError as error:
        with transaction.atomic():
            refund = Refund.objects.select_for_update().get(pk=refund.pk)
            refund.error = str(error)[:2000]
            transition(refund, "reject", actor=actor, reason=str(error))
        raise

    with transaction.atomic():
        payment = lock_payment(payment)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        refund.provider_refund_id = result.refund_id
        transition(refund, "confirm", actor=actor, reason=reason, data={"provider_refund": result.refund_id})
        apply_refunded_total(
            payment,
            _sum(payment, RefundStatus.SUCCEEDED),
            actor=actor,
            reason=reason,
            data={"refund": str(refund.code), "amount": str(refund.amount)},
        )
    return refund
