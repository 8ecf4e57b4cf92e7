"""Hand-over at the pick-up point: the travel document check, fingerprints, the one-time PIN
envelope, the certificates switched on."""

from datetime import date, timedelta

import pytest
from cryptography.x509 import ocsp

from digital_id.constants import IdState
from digital_id.dates import tallinn_date
from digital_id.exceptions import DigitalIdError, EnvelopeGone, NotAllowed, TravelDocumentMismatch
from digital_id.models import DigitalId, PinEnvelope
from digital_id.services import digital_id_hand_over
from digital_id.services.login import ocsp_status
from tests.digital_id.conftest import hand_over, presented


def _attempt(card, official, **overrides):
    return digital_id_hand_over(
        digital_id=card, actor=official, presented=presented(**overrides), fingerprints_taken=True
    )


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"number": "C01X00T48"}, "C01X00T48"),
        ({"country": "AT"}, "Austria"),
        ({"document_type": "id_card"}, "identity card"),
    ],
)
def test_a_different_travel_document_blocks_the_hand_over(waiting, personas, overrides, words):
    with pytest.raises(TravelDocumentMismatch) as refused:
        _attempt(waiting, personas["pia"], **overrides)
    message = str(refused.value)
    assert "Hand-over refused" in message and words in message and "C01X00T47" in message
    waiting.refresh_from_db()
    assert waiting.state == IdState.AT_PICKUP_POINT
    assert PinEnvelope.objects.get(digital_id=waiting).available


def test_number_is_compared_without_spaces_or_case(waiting, personas):
    handed = hand_over(waiting, personas["pia"], number="c01 x00-t47")
    assert handed.card.state == IdState.ACTIVE


def test_fingerprints_are_required(waiting, personas):
    with pytest.raises(DigitalIdError, match="fingerprints"):
        digital_id_hand_over(digital_id=waiting, actor=personas["pia"], presented=presented(), fingerprints_taken=False)
    waiting.refresh_from_db()
    assert waiting.state == IdState.AT_PICKUP_POINT


def test_only_a_pickup_official_hands_over(waiting, personas):
    for key in ("ivan", "alice", "aud"):
        with pytest.raises(NotAllowed):
            _attempt(waiting, personas[key])


def test_expired_passport_needs_the_new_one_too(waiting, personas):
    DigitalId.objects.filter(pk=waiting.pk).update(travel_document_expiry=tallinn_date() - timedelta(days=10))
    waiting.refresh_from_db()
    with pytest.raises(TravelDocumentMismatch, match="new travel document"):
        _attempt(waiting, personas["pia"])
    with pytest.raises(TravelDocumentMismatch, match="valid today"):
        _attempt(
            waiting,
            personas["pia"],
            new_document_type="passport",
            new_number="C99NEW001",
            new_country="DE",
            new_expiry=tallinn_date() - timedelta(days=1),
        )
    handed = hand_over(
        waiting,
        personas["pia"],
        new_document_type="passport",
        new_number="C99NEW001",
        new_country="DE",
        new_expiry=date(2035, 1, 1),
    )
    assert handed.card.state == IdState.ACTIVE
    assert handed.card.presented_document["new"]["number"] == "C99NEW001"


def test_hand_over_activates_and_gives_the_envelope_once(waiting, personas):
    handed = hand_over(waiting, personas["pia"])
    card = handed.card
    assert card.state == IdState.ACTIVE
    assert card.handed_over_by == personas["pia"] and card.fingerprints_taken_at is not None
    assert handed.pdf.startswith(b"%PDF-")
    assert len(handed.codes.pin1) == 4 and len(handed.codes.pin2) == 5 and len(handed.codes.puk) == 8
    for certificate in (card.auth_certificate, card.signing_certificate):
        certificate.refresh_from_db()
        assert certificate.status == "valid"
        assert ocsp_status(certificate.x509(), certificate.issuer.certificate.x509()) == ocsp.OCSPCertStatus.GOOD
    # A second hand-over (or a second try at the envelope) is refused, clearly.
    with pytest.raises(EnvelopeGone) as second:
        _attempt(card, personas["pia"])
    assert "cannot be produced again" in str(second.value)
    assert "Pia Pickup" in str(second.value)


def test_envelope_pdf_names_the_card_and_holder(handed):
    from tests.digital_id.pdftext import pdf_text

    text = pdf_text(handed.pdf)
    assert handed.card.document_number in text
    assert handed.card.personal_code.code in text
    assert "Change PIN2 before your first signature" in text
