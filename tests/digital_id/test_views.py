"""The pages through HTTP: the holder's, the pick-up desk's (with the access log), the register's."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from digital_id.constants import IdState
from digital_id.models import PickupBooking, PickupSlot
from exchange.models import AccessLogEntry
from tests.digital_id.conftest import NEW_PIN2, PASSPORT, codes_from_pdf, make_pdf


def hand_over_data(**overrides):
    data = {
        "document_type": PASSPORT["document_type"],
        "document_number": PASSPORT["number"],
        "document_country": PASSPORT["country"],
        "fingerprints": "on",
    }
    data.update(overrides)
    return data


def test_desk_detail_logs_each_view_of_the_holders_data(waiting, client_for, personas):
    url = reverse("digital_id:desk_detail", kwargs={"code": waiting.code})
    response = client_for("pia").get(url)
    assert response.status_code == 200
    assert waiting.travel_document_number in response.content.decode()
    row = AccessLogEntry.objects.get()
    assert row.reader == personas["pia"] and row.person == waiting.holder and row.record_id == str(waiting.code)
    client_for("pia").get(url)
    assert AccessLogEntry.objects.count() == 2


def test_desk_search_by_number_code_and_name_logs_the_people_shown(waiting, client_for):
    client = client_for("pia")
    url = reverse("digital_id:desk")
    for query in (waiting.document_number, waiting.personal_code.code, "alice applic"):
        response = client.get(url, {"q": query})
        assert waiting.document_number in response.content.decode(), query
    assert AccessLogEntry.objects.filter(person=waiting.holder).count() == 3
    response = client.get(url, {"q": "nobody"})
    assert "Nothing found" in response.content.decode()


def test_hand_over_page_downloads_the_envelope_once(waiting, client_for):
    client = client_for("pia")
    url = reverse("digital_id:desk_hand_over", kwargs={"code": waiting.code})
    response = client.post(url, hand_over_data())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="pin-envelope-{waiting.document_number}.pdf"'
    assert "no-store" in response["Cache-Control"]
    codes = codes_from_pdf(response.content)
    assert len(codes.puk) == 8
    waiting.refresh_from_db()
    assert waiting.state == IdState.ACTIVE
    again = client.post(url, hand_over_data())
    assert again.status_code == 410
    assert "cannot be produced again" in again.content.decode()


def test_hand_over_page_refuses_a_different_document_and_missing_fingerprints(waiting, client_for):
    client = client_for("pia")
    url = reverse("digital_id:desk_hand_over", kwargs={"code": waiting.code})
    response = client.post(url, hand_over_data(document_number="ZZ999"))
    assert response.status_code == 409 and "Hand-over refused" in response.content.decode()
    response = client.post(url, hand_over_data(fingerprints=""))
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.state == IdState.AT_PICKUP_POINT


def test_arrival_button(made, client_for):
    response = client_for("pia").post(reverse("digital_id:desk_arrived", kwargs={"code": made.code}))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.state == IdState.AT_PICKUP_POINT


def test_holder_pages_show_status_and_next_steps(waiting, client_for):
    client = client_for("alice")
    page = client.get(reverse("digital_id:mine")).content.decode()
    assert "waiting for you" in page and "Book a pick-up time" in page and waiting.document_number in page
    home = client.get(reverse("accounts:home")).content.decode()
    assert "My digital ID" in home and "waiting for you" in home


def test_officials_home_panels(waiting, client_for):
    assert "Open the pick-up desk" in client_for("pia").get(reverse("accounts:home")).content.decode()
    assert "Open the digital ID register" in client_for("ivan").get(reverse("accounts:home")).content.decode()


def test_booking_through_the_page(waiting, client_for, office):
    slot = PickupSlot.objects.create(location=office, starts_at=timezone.now() + timedelta(days=1), capacity=1)
    client = client_for("alice")
    url = reverse("digital_id:book", kwargs={"code": waiting.code})
    assert slot.starts_at.strftime("%d.%m.%Y") in client.get(url).content.decode()
    assert client.post(url, {"slot": str(slot.code)}).status_code == 302
    assert PickupBooking.objects.filter(digital_id=waiting, slot=slot, cancelled_at__isnull=True).exists()
    assert client.post(url, {"slot": "not-a-uuid"}).status_code == 400
    client.post(url, {"action": "cancel"})
    assert not PickupBooking.objects.filter(cancelled_at__isnull=True).exists()


def test_change_location_page_sends_to_checkout(made, client_for, embassy):
    response = client_for("alice").post(
        reverse("digital_id:change_location", kwargs={"code": made.code}), {"location": embassy.pk}
    )
    assert response.status_code == 302 and "/payments/" in response["Location"]


def test_pin_change_and_sign_through_the_pages(handed, client_for):
    client = client_for("alice")
    sign_url = reverse("digital_id:sign")
    blocked = client.post(sign_url, {"document": _upload(), "pin2": handed.codes.pin2})
    assert blocked.status_code == 403 and "Change PIN2 before your first signature" in blocked.content.decode()
    pin_url = reverse("digital_id:pin_change", kwargs={"code": handed.card.code})
    mismatch = client.post(
        pin_url, {"role": "sign", "old_pin": handed.codes.pin2, "new_pin": NEW_PIN2, "new_pin_again": "99999"}
    )
    assert mismatch.status_code == 400
    ok = client.post(
        pin_url, {"role": "sign", "old_pin": handed.codes.pin2, "new_pin": NEW_PIN2, "new_pin_again": NEW_PIN2}
    )
    assert ok.status_code == 302
    signed = client.post(sign_url, {"document": _upload(), "pin2": NEW_PIN2, "reason": "Agreed"})
    assert signed.status_code == 200 and signed["Content-Type"] == "application/pdf"
    assert signed["Content-Disposition"] == 'attachment; filename="contract-signed.pdf"'
    assert b"/ByteRange" in signed.content
    not_pdf = client.post(sign_url, {"document": _upload(b"hello"), "pin2": NEW_PIN2})
    assert not_pdf.status_code == 400 and "not a PDF" in not_pdf.content.decode()


def _upload(content=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("contract.pdf", content or make_pdf(), content_type="application/pdf")


def test_suspend_and_revocation_request_pages(handed, client_for):
    client = client_for("alice")
    url = reverse("digital_id:suspend", kwargs={"code": handed.card.code})
    assert client.post(url, {}).status_code == 400  # must confirm
    assert client.post(url, {"confirm": "on", "reason": "Lost"}).status_code == 302
    handed.card.refresh_from_db()
    assert handed.card.state == IdState.SUSPENDED
    response = client.post(
        reverse("digital_id:revoke_request", kwargs={"code": handed.card.code}),
        {"reason": "key_compromise", "confirm": "on"},
    )
    assert response.status_code == 302
    assert "asked on" in client.get(reverse("digital_id:mine")).content.decode()


def test_registry_revoke_page_for_identity_officials_only(handed, client_for):
    url = reverse("digital_id:registry_revoke", kwargs={"code": handed.card.code})
    data = {"reason_code": "privilege_withdrawn", "reason": "Risk assessment"}
    assert client_for("aud").post(url, data).status_code == 403
    assert client_for("pia").post(url, data).status_code == 403
    assert client_for("ivan").post(url, data).status_code == 302
    handed.card.refresh_from_db()
    assert handed.card.state == IdState.REVOKED
    detail = client_for("aud").get(reverse("digital_id:registry_detail", kwargs={"code": handed.card.code}))
    assert "Revoke the digital ID" not in detail.content.decode()  # auditors only read
    assert AccessLogEntry.objects.filter(reader__email="aud@audit.example.org").exists()


def test_id_login_page_redirects_to_next(handed, client):
    response = client.post(
        reverse("digital_id:login"),
        {"username": handed.card.personal_code.code, "password": handed.codes.pin1, "next": "/id/sign/"},
    )
    assert response.status_code == 302 and response["Location"] == "/id/sign/"
    evil = handed.codes.pin1
    client.logout()
    response = client.post(
        reverse("digital_id:login"),
        {"username": handed.card.personal_code.code, "password": evil, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:home")
