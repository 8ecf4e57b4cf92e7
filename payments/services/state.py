"""Internal helpers shared by the settlement path and refunds. Call inside a transaction
that holds the payment row lock (``select_for_update``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from audit.types import ActorLike
from payments import events, jobs
from payments.constants import PaymentStatus
from payments.models import Payment

SYSTEM_ACTOR = "payments"


def lock_payment(payment_or_pk: Payment | int) -> Payment:
    pk = payment_or_pk.pk if isinstance(payment_or_pk, Payment) else payment_or_pk
    return Payment.objects.select_for_update(of=("self",)).select_related("payer").get(pk=pk)


def flag_payment(payment: Payment, *, reason: str, actor: ActorLike, data: dict | None = None) -> None:
    """Mark the payment for an administrator and journal why. Never changes its state."""
    note = reason if not payment.attention_reason else f"{payment.attention_reason}\n{reason}"
    payment.needs_attention = True
    payment.attention_reason = note[-4000:]
    payment.save(update_fields=["needs_attention", "attention_reason", "refunded_amount", "updated_at"])
    journal_record(
        actor=actor,
        action=events.FLAGGED,
        subject=payment,
        from_state=payment.status,
        to_state=payment.status,
        reason=reason,
        data=data,
    )


def apply_refunded_total(
    payment: Payment, total: Decimal, *, actor: ActorLike, reason: str, data: dict | None = None
) -> bool:
    """Move a paid payment to (partially) refunded for a cumulative refunded ``total``.

    Refund totals only grow: the provider's cumulative figure and our own sum of refunds are
    both applied as a maximum, so the same refund seen twice (our API call and its webhook,
    in either order) is counted once. Returns whether anything changed.
    """
    total = min(total, payment.amount)
    if payment.status not in {PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED}:
        return False
    grows = total > payment.refunded_amount
    catches_up = payment.status == PaymentStatus.SUCCEEDED and total > 0
    if not (grows or catches_up):
        return False
    payment.refunded_amount = max(total, payment.refunded_amount)
    name = "refund" if payment.refunded_amount >= payment.amount else "refund_partially"
    transition(
        payment,
        name,
        actor=actor,
        reason=reason or _("Refunded €%(amount)s in total.") % {"amount": payment.refunded_amount},
        data={**(data or {}), "refunded_total": str(payment.refunded_amount)},
    )
    schedule_receipt(payment)
    return True


def schedule_receipt(payment: Payment) -> None:
    """(Re-)render the receipt after this transaction commits."""
    enqueue_job_on_commit(jobs.RECEIPT_RENDER, str(payment.code))
