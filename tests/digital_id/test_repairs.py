"""Issue 10 in the digital ID: the holder's photo at the desk, the hand-over page after the
envelope downloads, a signing confirmation, suspension by an identity official for a
caller, and a register journal in words."""

from __future__ import annotations

from django.urls import reverse

from audit.selectors import journal_for
from digital_id.constants import IdState
from exchange.models import AccessLogEntry
from tests.digital_id.conftest import make_pdf
from tests.digital_id.test_views import hand_over_data


def _with_photo(card):
    from django.core.files.base import ContentFile

    from tests.eresidency.conftest import jpeg_bytes

    card.application.photo.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)
    return card


def test_pickup_official_sees_the_holders_photo_at_hand_over(waiting, client_for):
    _with_photo(waiting)
    pia = client_for("pia")
    page = pia.get(reverse("digital_id:desk_detail", kwargs={"code": waiting.code})).content.decode()
    photo_url = reverse("digital_id:holder_photo", kwargs={"code": waiting.code})
    assert photo_url in page
    response = pia.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert AccessLogEntry.objects.filter(what="digital ID holder's photo", record_id=str(waiting.code)).exists()
    assert client_for("rita").get(photo_url).status_code == 403
    assert client_for("alice").get(photo_url).status_code == 403


def test_photo_is_shown_for_resumption_too(handed, client_for, personas):
    from digital_id.services import digital_id_suspend

    _with_photo(handed.card)
    digital_id_suspend(digital_id=handed.card, actor=handed.card.holder, reason="lost")
    page = client_for("pia").get(reverse("digital_id:desk_detail", kwargs={"code": handed.card.code}))
    body = page.content.decode()
    assert "Resume the digital ID" in body
    assert reverse("digital_id:holder_photo", kwargs={"code": handed.card.code}) in body


def test_hand_over_page_opens_the_done_page_after_the_download(waiting, client_for):
    pia = client_for("pia")
    url = reverse("digital_id:desk_detail", kwargs={"code": waiting.code})
    page = pia.get(url).content.decode()
    assert f'data-done-url="{url}"' in page and "download-then-go.js" in page
    response = pia.post(reverse("digital_id:desk_hand_over", kwargs={"code": waiting.code}), hand_over_data())
    assert response["Content-Type"] == "application/pdf"
    after = pia.get(url).content.decode()  # what the script opens once the file is saved
    assert "Handed over. Print the PIN envelope" in after
    assert "Hand over and download the PIN envelope" not in after


def test_signing_confirms_on_the_page(ready, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.digital_id.conftest import NEW_PIN2

    client = client_for("alice")
    response = client.post(
        reverse("digital_id:sign"),
        {"document": SimpleUploadedFile("contract.pdf", make_pdf(), "application/pdf"), "pin2": NEW_PIN2, "reason": ""},
    )
    assert response["Content-Type"] == "application/pdf"
    page = client.get(reverse("digital_id:sign")).content.decode()
    assert "“contract.pdf” is signed with your digital ID and saved as contract-signed.pdf" in page
    assert "Change PIN2 before your first signature" not in page


def test_identity_official_suspends_for_a_caller(handed, client_for, personas):
    url = reverse("digital_id:registry_suspend", kwargs={"code": handed.card.code})
    ivan = client_for("ivan")
    refused = ivan.post(url, {"reason": "Lost the card on a train."})
    assert refused.status_code == 400  # the identity questions were not confirmed
    response = ivan.post(url, {"reason": "Lost the card on a train.", "identity_checked": "on"})
    assert response.status_code == 302
    handed.card.refresh_from_db()
    assert handed.card.state == IdState.SUSPENDED
    entry = [e for e in journal_for(handed.card) if e.action == "suspend"][-1]
    assert entry.actor == personas["ivan"] and "Lost the card on a train." in entry.reason
    assert client_for("aud").post(url, {"reason": "x", "identity_checked": "on"}).status_code == 403
    assert client_for("pia").post(url, {"reason": "x", "identity_checked": "on"}).status_code == 403
    page = client_for("aud").get(reverse("digital_id:registry_detail", kwargs={"code": handed.card.code}))
    body = page.content.decode()
    assert "hand_over" not in body and "→" not in body
    assert "Suspended" in body
