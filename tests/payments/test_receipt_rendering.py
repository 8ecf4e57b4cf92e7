"""Receipts are rendered without holding the payment's row, so a payment that changed while
its receipt was being rendered gets a receipt of its new amounts."""

from __future__ import annotations

import uuid
from decimal import Decimal

from audit.selectors import journal_for
from payments.models import Payment
from payments.services import local_checkout_act, payment_receipt_store, receipts


def test_a_refund_during_rendering_renders_the_receipt_again(
    make_payment, local_provider, handler, personas, monkeypatch
):
    payment = make_payment()
    local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=personas["alice"])
    rendered = []
    real = receipts.render_receipt_pdf

    def render(p):
        rendered.append(p.refunded_amount)
        if len(rendered) == 1:  # a refund lands while the first rendering runs
            Payment.objects.filter(pk=p.pk).update(refunded_amount=Decimal("10.00"))
        return real(p)

    monkeypatch.setattr(receipts, "render_receipt_pdf", render)
    stored = payment_receipt_store(payment_code=str(payment.code))
    assert stored is not None and stored.receipt_file
    assert rendered == [Decimal("0"), Decimal("10.00")]
    issued = [e for e in journal_for(stored) if e.action == "receipt_issued"]
    assert len(issued) == 1 and issued[0].data["refunded"] == "10.00"
