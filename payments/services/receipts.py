"""PDF receipts (WeasyPrint), sealed by whatever sealer a higher layer registered.

Rendered in a background task after settlement (and again after a refund); the download
view serves the stored file, rendering it on the spot only if the task has not run yet.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import journal_record
from payments.constants import LEGAL_TZ, SETTLED_STATUSES
from payments.exceptions import PaymentNotPayable
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
    Idempotent; the receipt task's body."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("payer", "fee")
            .filter(code=payment_code)
            .first()
        )
        if payment is None or payment.status not in SETTLED_STATUSES:
            return None
        pdf = render_receipt_pdf(payment)
        sealer = receipt_sealer()
        sealed = False
        if sealer is not None:
            pdf = sealer(pdf)  # a failing sealer raises: the task retries, nothing is stored
            sealed = True
        old_name = payment.receipt_file.name if payment.receipt_file else ""
        payment.receipt_file.save(f"{payment.code}.pdf", ContentFile(pdf), save=False)
        payment.receipt_sealed = sealed
        payment.save(update_fields=["receipt_file", "receipt_sealed", "updated_at"])
        journal_record(
            actor=SYSTEM_ACTOR,
            action="receipt_issued",
            subject=payment,
            data={"sealed": sealed, "refunded": str(payment.refunded_amount)},
        )
        if old_name:
            transaction.on_commit(lambda: payment.receipt_file.storage.delete(old_name))
    return payment


def payment_receipt_pdf(*, payment: Payment) -> bytes:
    """The payer's receipt, as stored; rendered now if the background task has not yet."""
    if payment.status not in SETTLED_STATUSES:
        raise PaymentNotPayable(_("There is no receipt: this payment is not paid."))
    if payment.receipt_file:
        try:
            with payment.receipt_file.open("rb") as handle:
                return handle.read()
        except OSError:
            logger.warning("Receipt file of %s is missing; rendering it again", payment.code)
    stored = payment_receipt_store(payment_code=str(payment.code))
    if stored is None:
        raise PaymentNotPayable(_("There is no receipt: this payment is not paid."))
    with stored.receipt_file.open("rb") as handle:
        return handle.read()
