"""The public "is this ID valid?" check answers each state and nothing else, and logs each check."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from digital_id.dates import tallinn_date
from digital_id.models import DigitalId
from digital_id.services import digital_id_public_check, digital_id_revoke, digital_id_suspend
from exchange.models import AccessLogEntry

URL = reverse("digital_id:check")


def check(card, code=None):
    return digital_id_public_check(document_number=card.document_number, personal_code=code or card.personal_code.code)


def test_each_state_has_its_answer(handed, personas):
    card = handed.card
    assert check(card) == "valid"
    digital_id_suspend(digital_id=card, actor=card.holder)
    assert check(card) == "suspended"
    DigitalId.objects.filter(pk=card.pk).update(expires_on=tallinn_date() - timedelta(days=1))
    card.refresh_from_db()
    assert check(card) == "expired"
    DigitalId.objects.filter(pk=card.pk).update(expires_on=tallinn_date() + timedelta(days=100))
    digital_id_revoke(digital_id=card, actor=personas["ivan"], reason_code="key_compromise", reason="Lost")
    card.refresh_from_db()
    assert check(card) == "revoked"


def test_unknown_for_mismatched_numbers_and_cards_not_handed_over(waiting):
    assert check(waiting) == "unknown"  # not handed over: not an identity document yet
    assert digital_id_public_check(document_number="N0000000", personal_code=waiting.personal_code.code) == "unknown"
    assert digital_id_public_check(document_number=waiting.document_number, personal_code="38001085718") == "unknown"


def test_every_check_is_logged_without_a_reader(handed):
    check(handed.card)
    digital_id_public_check(document_number="N0000001", personal_code="38001085718")
    rows = list(AccessLogEntry.objects.order_by("id"))
    assert [r.consumer for r in rows] == ["public-check", "public-check"]
    assert (
        rows[0].person == handed.card.holder and rows[0].reader is None and rows[0].record_id == str(handed.card.code)
    )
    assert rows[1].person is None and rows[1].person_ref == "no match"


def test_page_answers_without_login_and_leaks_nothing_else(handed):
    client = Client()
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"document_number": handed.card.document_number.lower(), "personal_code": handed.card.personal_code.code}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Valid: this digital ID can be used." in text
    for secret in (
        handed.card.surname,
        handed.card.given_names,
        handed.card.holder.email,
        str(handed.card.expires_on.year),
    ):
        assert secret not in text
    bad = client.post(URL, {"document_number": "X1", "personal_code": "1"})
    assert bad.status_code == 400


@pytest.mark.parametrize("field", ["document_number", "personal_code"])
def test_both_numbers_are_required(handed, field):
    data = {"document_number": handed.card.document_number, "personal_code": handed.card.personal_code.code}
    data[field] = ""
    assert Client().post(URL, data).status_code == 400
    assert not AccessLogEntry.objects.exists()
