"""The whole journey through HTTP with the real payments app (local provider), the real
screening service (a slice of the OFAC list), immediate tasks and a real trust hierarchy:
apply → pay → screened → approved → sealed letter downloaded."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from core import mrz
from eresidency.constants import State
from eresidency.deadlines import tallinn_date
from eresidency.models import Application, PickupLocation
from tests.eresidency.conftest import SDN_PERSON, jpeg_bytes, upload

pytestmark = pytest.mark.usefixtures("locations", "sdn_list", "local_payments", "pki")


def apply_and_pay(client, *, given_names="Anna Maria", surname="Eriksson", born="1985-08-12", citizenship="SE"):
    client.post(reverse("eresidency:start"))
    app = Application.objects.latest("created_at")
    expiry = tallinn_date() + timedelta(days=2000)
    birth = tallinn_date().fromisoformat(born)
    steps = [
        (
            "personal",
            {
                "given_names": given_names,
                "surname": surname,
                "date_of_birth": born,
                "sex": "F",
                "citizenship": citizenship,
                "residence_country": "SE",
                "email": "anna@example.org",
                "phone": "+46 70 123 4567",
            },
        ),
        (
            "document",
            {
                "document_type": "passport",
                "document_number": "AB1234567",
                "document_country": citizenship,
                "document_expiry": expiry.isoformat(),
                "mrz": mrz.compose_td3(
                    surname=surname,
                    given_names=given_names,
                    number="AB1234567",
                    issuing=citizenship,
                    nationality=citizenship,
                    birth=birth,
                    sex="F",
                    expiry=expiry,
                ),
            },
        ),
        ("photo", {"photo": upload(jpeg_bytes())}),
        (
            "motivation",
            {
                "motivation_category": "location_independent",
                "motivation": "I run a design studio with clients in the EU and want to found an Estonian company.",
                "links": "https://example.org",
            },
        ),
        ("pickup", {"pickup_location": PickupLocation.objects.get(code="jp-tokyo").pk}),
        ("consent", {"consent": "on", "fee_understood": "on"}),
    ]
    for step, data in steps:
        response = client.post(reverse("eresidency:step", kwargs={"code": app.code, "step": step}), data)
        assert response.status_code == 302, (step, response.context and response.context["form"].errors)
    review = client.get(reverse("eresidency:review", kwargs={"code": app.code}))
    assert "€150.00" in review.content.decode()
    checkout = client.post(reverse("eresidency:review", kwargs={"code": app.code}))
    page = client.get(checkout["Location"])
    assert page.status_code == 200
    event_id = str(uuid.uuid4())
    client.post(checkout["Location"], {"action": "pay", "event_id": event_id})
    # A double-submitted payment form is a replay, not a second payment.
    client.post(checkout["Location"], {"action": "pay", "event_id": event_id})
    return Application.objects.get(pk=app.pk)


def test_apply_pay_screen_approve_download(client_for, personas, django_capture_on_commit_callbacks):
    alice = client_for("alice")
    with django_capture_on_commit_callbacks(execute=True):
        app = apply_and_pay(alice)
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW and not app.flagged
    from payments.models import Payment

    assert Payment.objects.filter(reference=str(app.code), status="succeeded").count() == 1
    # This app registers the receipt sealer: the receipt is sealed by the system and valid.
    from payments.services import payment_receipt_pdf
    from trust.validation import validate_pdf_bytes

    payment = Payment.objects.get(reference=str(app.code))
    assert payment.receipt_sealed
    assert validate_pdf_bytes(payment_receipt_pdf(payment=payment)).to_dict()["verdict"] == "TOTAL-PASSED"
    back = alice.get(reverse("eresidency:payment_return", kwargs={"code": app.code}), follow=True)
    assert "the state fee is paid" in back.content.decode()

    ivan = client_for("ivan")
    queue = ivan.get(reverse("eresidency:queue")).content.decode()
    assert "Eriksson, Anna Maria" in queue
    ivan.post(reverse("eresidency:claim", kwargs={"code": app.code}))
    with django_capture_on_commit_callbacks(execute=True):
        ivan.post(reverse("eresidency:approve", kwargs={"code": app.code}), {"note": "Fine."})
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.letter_status == "ready"

    status = alice.get(reverse("eresidency:status", kwargs={"code": app.code})).content.decode()
    assert "Your application is approved." in status and "Download the decision letter" in status
    letter = alice.get(reverse("eresidency:letter", kwargs={"code": app.code}))
    pdf = b"".join(letter.streaming_content)
    assert letter["Content-Type"] == "application/pdf"
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert client_for("oscar").get(reverse("eresidency:letter", kwargs={"code": app.code})).status_code == 404


def test_sdn_person_is_flagged_and_needs_two_officials(client_for, django_capture_on_commit_callbacks):
    alice = client_for("alice")
    born = SDN_PERSON["date_of_birth"].isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        app = apply_and_pay(alice, given_names="Mahfouz Ould", surname="Al-Walid", born=born, citizenship="MR")
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW and app.flagged
    ivan, iris = client_for("ivan"), client_for("iris")
    detail = ivan.get(reverse("eresidency:review_detail", kwargs={"code": app.code})).content.decode()
    assert "Sanctions list matches" in detail and "AL-WALID" in detail.upper()
    ivan.post(reverse("eresidency:claim", kwargs={"code": app.code}))
    first = ivan.post(reverse("eresidency:approve", kwargs={"code": app.code}), {}, follow=True).content.decode()
    assert "second official must confirm" in first
    ivan.post(reverse("eresidency:claim", kwargs={"code": app.code}))
    same = ivan.post(reverse("eresidency:approve", kwargs={"code": app.code}), {}, follow=True).content.decode()
    assert "second, different official" in same
    ivan.post(reverse("eresidency:release", kwargs={"code": app.code}))
    iris.post(reverse("eresidency:claim", kwargs={"code": app.code}))
    with django_capture_on_commit_callbacks(execute=True):
        iris.post(reverse("eresidency:approve", kwargs={"code": app.code}), {})
    assert Application.objects.get(pk=app.pk).state == State.APPROVED
