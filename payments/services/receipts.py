"""PDF receipts (WeasyPrint), sealed by whatever sealer a higher layer registered.

Rendered in a background task after settlement (and again after a refund), outside the
payment's row lock; the download view serves the stored file and never renders one.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import journal_record
from audit.tasking import enqueue_job_on_commit
from payments import events, jobs
from payments.constants import LEGAL_TZ, SETTLED_STATUSES
from payments.exceptions import PaymentNotPayable, ReceiptNotReady
from payments.models import Payment
from payments.registry import receipt_sealer
from payments.services.state import SYSTEM_ACTOR

logger = logging.getLogger(__name__)


def receipt_context(payment: Payment) -> dict:
    paid_at = payment.succeeded_at or payment.updated_at
    return {
        "payment": payment,
        "payer": payment.payer,
        "paid_on": timezone.localtime(paid_at, LEGAL_TZ).date() if paid_at else None,
        "paid_at": timezone.localtime(paid_at, LEGAL_TZ) if paid_at else None,
        "fee": payment.fee,
        "kept_amount": payment.amount - payment.refunded_amount,
        "issued_at": timezone.localtime(timezone.now(), LEGAL_TZ),
        "site_url": settings.SITE_URL,
    }


def render_receipt_pdf(payment: Payment) -> bytes:
    """The receipt as PDF bytes, unsealed, in the payer's language."""
    from weasyprint import HTML

    language = getattr(payment.payer, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string("payments/documents/receipt.html", receipt_context(payment))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/a-3b")


def payment_receipt_store(*, payment_code: str) -> Payment | None:
    """Render, seal and store the receipt of a paid payment (replacing an older one).
    Idempotent; the receipt task's body.

    Rendering and sealing (seconds) run without any row lock; the payment row is locked
    only to store the result, and if a refund changed the payment meanwhile the receipt is
    rendered again, so a stored receipt always shows the amounts it was stored with."""
    for _attempt in range(3):
        payment = Payment.objects.select_related("payer", "fee").filter(code=payment_code).first()
        if payment is None or payment.status not in SETTLED_STATUSES:
            return None
        seen = (payment.status, payment.refunded_amount)
        pdf = render_receipt_pdf(payment)
        sealer = receipt_sealer()
        sealed = sealer is not None
        if sealer is not None:
            pdf = sealer(pdf)  # a failing sealer raises: the task retries, nothing is stored
        with transaction.atomic():
            locked = Payment.objects.select_for_update(of=("self",)).get(pk=payment.pk)
            if (locked.status, locked.refunded_amount) != seen:
                continue  # changed while rendering: render the new amounts
            old_name = locked.receipt_file.name if locked.receipt_file else ""
            locked.receipt_file.save(f"{locked.code}.pdf", ContentFile(pdf), save=False)
            locked.receipt_sealed = sealed
            locked.save(update_fields=["receipt_file", "receipt_sealed", "updated_at"])
            journal_record(
                actor=SYSTEM_ACTOR,
                action=events.RECEIPT_ISSUED,
                subject=locked,
                data={"sealed": sealed, "refunded": str(locked.refunded_amount)},
            )
            if old_name:
                transaction.on_commit(functools.partial(locked.receipt_file.storage.delete, old_name))
        return locked
    raise RuntimeError(f"The payment {payment_code} kept changing while its receipt was rendered; retrying.")


def payment_receipt_pdf(*, payment: Payment) -> bytes:
    """The payer's receipt, as stored. A request never renders or seals one: when the
    background task has not stored it yet, the task is asked for and ``ReceiptNotReady``
    raised (the immediate task backend of tests and demos stores it at once)."""
    if payment.status not in SETTLED_STATUSES:
        raise PaymentNotPayable(_("There is no receipt: this payment is not paid."))
    for _attempt in range(2):
        if payment.receipt_file:
            try:
                with payment.receipt_file.open("rb") as handle:
                    return handle.read()
            except OSError:
                logger.warning("Receipt file of %s is missing; asking for it again", payment.code)
        if _attempt == 0:
            enqueue_job_on_commit(jobs.RECEIPT_RENDER, str(payment.code))
            payment = Payment.objects.get(pk=payment.pk)
    raise ReceiptNotReady(_("Your receipt is being prepared and sealed. Try again in a minute."))
