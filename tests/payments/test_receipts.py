"""Receipts are real PDFs (WeasyPrint), stored after settlement, sealed when a sealer is
registered, and only the payer and officials can download them."""

import uuid
from io import BytesIO

import pytest
from django.template.loader import render_to_string
from pyhanko.pdf_utils.reader import PdfFileReader

from payments import registry
from payments.models import Payment
from payments.services import local_checkout_act, payment_receipt_pdf
from payments.services.receipts import receipt_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(make_payment, local_provider, handler, personas, django_capture_on_commit_callbacks):
    payment = make_payment(reference="APP-RCPT-1")
    with django_capture_on_commit_callbacks(execute=True):
        local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=personas["alice"])
    return Payment.objects.get(pk=payment.pk)


def _reader(pdf: bytes) -> PdfFileReader:
    assert pdf.startswith(b"%PDF-")
    return PdfFileReader(BytesIO(pdf))


def test_receipt_is_rendered_after_settlement_and_is_a_real_pdf(paid):
    assert paid.receipt_file and not paid.receipt_sealed
    pdf = payment_receipt_pdf(payment=paid)
    reader = _reader(pdf)
    info = reader.trailer_view["/Info"]
    assert str(paid.code) in str(info["/Title"])
    assert "APP-RCPT-1" in str(info["/Subject"])
    assert "150.00" in str(info["/Subject"])
    assert reader.root["/Pages"]["/Count"] == 1


def test_receipt_text_names_payer_purpose_amount_date_reference_and_vat_note(paid):
    html = render_to_string("payments/documents/receipt.html", receipt_context(paid))
    for expected in (
        "Alice Applicant",
        "alice@example.org",
        "e-Residency state fee",
        "APP-RCPT-1",
        "EUR 150.00",
        receipt_context(paid)["paid_on"].isoformat(),
        "outside the scope of VAT",
        str(paid.code),
    ):
        assert expected in html, expected


def test_registered_sealer_seals_the_receipt(
    make_payment, local_provider, handler, personas, django_capture_on_commit_callbacks
):
    seen = []

    def sealer(pdf: bytes) -> bytes:
        seen.append(len(pdf))
        return pdf + b"%sealed-by-test\n"

    registry.register_receipt_sealer(sealer)
    payment = make_payment()
    with django_capture_on_commit_callbacks(execute=True):
        local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=personas["alice"])
    payment = Payment.objects.get(pk=payment.pk)
    assert payment.receipt_sealed and len(seen) == 1
    assert payment_receipt_pdf(payment=payment).endswith(b"%sealed-by-test\n")


def test_receipt_download_access(paid, client_for, client):
    url = f"/payments/{paid.code}/receipt.pdf"
    response = client_for("alice").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{paid.code}.pdf"'
    assert response.content.startswith(b"%PDF-")
    # The test purpose belongs to no agency: the oversight roles read it, others do not.
    for official in ("aud", "ada"):
        assert client_for(official).get(url).status_code == 200
    for other in ("oscar", "ivan", "pia", "rita", "tom"):
        assert client_for(other).get(url).status_code == 404
    assert client_for("aud", second_factor=False).get(url).status_code == 302
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_no_receipt_for_an_unpaid_payment(make_payment, client_for):
    payment = make_payment()
    assert client_for("alice").get(f"/payments/{payment.code}/receipt.pdf").status_code == 404


def test_a_missing_receipt_is_asked_for_never_rendered_by_the_request(
    make_payment, local_provider, handler, personas, client_for, django_capture_on_commit_callbacks
):
    from payments.exceptions import ReceiptNotReady

    payment = make_payment()
    local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=personas["alice"])
    payment = Payment.objects.get(pk=payment.pk)
    assert not payment.receipt_file  # the task has not run (no commit in this test)
    response = client_for("alice").get(f"/payments/{payment.code}/receipt.pdf")
    assert response.status_code == 503 and response["Retry-After"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ReceiptNotReady):
        payment_receipt_pdf(payment=payment)
    assert callbacks  # the receipt task was asked for; it ran after commit
    payment = Payment.objects.get(pk=payment.pk)
    assert payment.receipt_file
    assert payment_receipt_pdf(payment=payment).startswith(b"%PDF-")
