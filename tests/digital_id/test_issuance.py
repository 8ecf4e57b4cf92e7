"""Ordering on approval, manufacture (certificates, the sealed PIN envelope), arrival, and
cards that are never collected."""

from datetime import timedelta

import pytest
from cryptography.x509 import ReasonFlags, ocsp
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import models
from stdnum.ee import ik

from audit.selectors import journal_for
from digital_id.constants import IdState
from digital_id.dates import add_months, tallinn_date
from digital_id.exceptions import NotAllowed, WrongState
from digital_id.models import DigitalId, PinEnvelope
from digital_id.services import digital_id_order, lifecycle
from digital_id.services.login import ocsp_status
from tests.digital_id.conftest import approved_application, arrive, hand_over, order_card


def _status(certificate):
    return ocsp_status(certificate.x509(), certificate.issuer.certificate.x509())


def test_order_is_idempotent_and_needs_an_approved_application(
    pki, personas, office, django_capture_on_commit_callbacks
):
    application = approved_application(personas["alice"], office)
    first = order_card(application, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = digital_id_order(application=application, actor="test")
    assert again.pk == first.pk and callbacks == []
    assert DigitalId.objects.count() == 1
    draft = approved_application(personas["oscar"], office, state="in_review")
    with pytest.raises(WrongState):
        digital_id_order(application=draft, actor="test")
    assert DigitalId.objects.count() == 1


def test_manufacture_issues_certificates_on_hold_and_a_sealed_envelope(made):
    assert made.state == IdState.MANUFACTURED
    assert made.document_number[0] == "N" and len(made.document_number) == 8 and made.document_number[1:].isdigit()
    assert ik.is_valid(made.personal_code.code)
    assert ik.get_birth_date(made.personal_code.code) == made.date_of_birth
    assert made.personal_code.code[0] == "4"  # a woman born in the 1900s
    assert made.expires_on == tallinn_date(made.auth_certificate.not_after)
    assert (made.expires_on - made.issued_on).days in range(1824, 1827)  # five years
    subject = made.auth_certificate.x509().subject.rfc4514_string()
    assert f"PNOEE-{made.personal_code.code}" in subject
    # Until hand-over the certificates are on hold: a card lost on its way cannot be used.
    for certificate in (made.auth_certificate, made.signing_certificate):
        certificate.refresh_from_db()
        assert certificate.status == "on_hold"
        assert _status(certificate) == ocsp.OCSPCertStatus.REVOKED
    envelope = PinEnvelope.objects.get(digital_id=made)
    assert envelope.available and envelope.released_at is None
    assert [e.action for e in journal_for(made)] == ["order", "manufacture"]


def _rows_containing(secret: str) -> list[str]:
    """Every text or binary value in the whole database that contains ``secret``."""
    needle_text, needle_bytes = secret, secret.encode()
    found = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.BinaryField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                if value is None:
                    continue
                if isinstance(value, memoryview | bytes):
                    hit = needle_bytes in bytes(value)
                else:
                    hit = needle_text in (value if isinstance(value, str) else str(value))
                if hit:
                    found.append(f"{model._meta.label}.{name}")
    return found


def test_pin_codes_are_never_stored_in_clear(pki, personas, office, django_capture_on_commit_callbacks, monkeypatch):
    seen = {}
    real_seal = lifecycle.envelope_seal

    def spy(*, digital_id, codes):
        seen["codes"] = codes
        return real_seal(digital_id=digital_id, codes=codes)

    monkeypatch.setattr(lifecycle, "envelope_seal", spy)
    card = order_card(approved_application(personas["alice"], office), django_capture_on_commit_callbacks)
    codes = seen["codes"]
    assert "puk" not in repr(codes) and codes.puk not in repr(codes)
    # While the card waits, only ciphertext exists.
    assert _rows_containing(codes.puk) == []
    assert _rows_containing(f'"puk": "{codes.puk}"') == []
    handed = hand_over(arrive(card, personas["pia"]), personas["pia"])
    assert handed.codes.puk == codes.puk and handed.codes.pin1 == codes.pin1
    envelope = PinEnvelope.objects.get(digital_id=card)
    assert envelope.sealed is None and envelope.wrapped_key is None
    assert envelope.destroyed_reason == "handed_over" and envelope.released_by == personas["pia"]
    assert _rows_containing(codes.puk) == []


def test_arrival_tells_the_holder_in_their_language_and_starts_six_months(made, personas):
    holder = made.holder
    holder.language = "et"
    holder.save(update_fields=["language"])
    with pytest.raises(NotAllowed):
        lifecycle.digital_id_register_arrival(digital_id=made, actor=personas["ivan"])
    card = arrive(made, personas["pia"])
    assert card.state == IdState.AT_PICKUP_POINT
    assert card.pickup_deadline == add_months(tallinn_date(), 6)
    # Registering twice is refused: the card is already there.
    with pytest.raises(WrongState):
        lifecycle.digital_id_register_arrival(digital_id=card, actor=personas["pia"])


def test_arrival_email_is_sent_after_commit_in_the_holders_language(made, personas, django_capture_on_commit_callbacks):
    holder = made.holder
    holder.language = "et"
    holder.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        arrive(made, personas["pia"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [holder.email]
    assert made.document_number in message.body
    html = message.alternatives[0][0]
    assert 'lang="et"' in html
    assert made.pickup_location.city in message.body


def test_uncollected_cards_expire_after_six_months(waiting, personas, django_capture_on_commit_callbacks):
    today = tallinn_date()
    DigitalId.objects.filter(pk=waiting.pk).update(pickup_deadline=today - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_uncollected")
        call_command("expire_uncollected")  # idempotent
    waiting.refresh_from_db()
    assert waiting.state == IdState.EXPIRED and waiting.expiry_reason == "uncollected"
    for certificate in (waiting.auth_certificate, waiting.signing_certificate):
        certificate.refresh_from_db()
        assert certificate.status == "revoked"
        response_status = _status(certificate)
        assert response_status == ocsp.OCSPCertStatus.REVOKED
    envelope = PinEnvelope.objects.get(digital_id=waiting)
    assert not envelope.available and envelope.destroyed_reason == "uncollected"
    assert [m.subject for m in mail.outbox] == ["Your digital ID was not collected"]


def test_cards_still_within_the_period_are_left_alone(waiting):
    call_command("expire_uncollected")
    waiting.refresh_from_db()
    assert waiting.state == IdState.AT_PICKUP_POINT


def test_expired_validity_is_recorded(handed):
    DigitalId.objects.filter(pk=handed.card.pk).update(expires_on=tallinn_date() - timedelta(days=1))
    call_command("expire_digital_ids")
    handed.card.refresh_from_db()
    assert handed.card.state == IdState.EXPIRED and handed.card.expiry_reason == "validity_ended"


def test_manufacture_failure_is_recorded_and_retried(personas, office, django_capture_on_commit_callbacks, db):
    # No CA hierarchy: the trust service refuses; the card stays ordered with the error visible.
    application = approved_application(personas["alice"], office)
    with django_capture_on_commit_callbacks(execute=True):
        digital_id_order(application=application, actor="test")  # the task fails and is retried
    card = DigitalId.objects.get(application=application)
    assert card.state == IdState.ORDERED
    assert "HierarchyMissing" in card.manufacture_error


def test_revoked_status_reason_for_uncollected_is_cessation(waiting):
    DigitalId.objects.filter(pk=waiting.pk).update(pickup_deadline=tallinn_date() - timedelta(days=1))
    call_command("expire_uncollected")
    waiting.auth_certificate.refresh_from_db()
    from trust.services import ocsp_response_for_certificate

    response = ocsp.load_der_ocsp_response(ocsp_response_for_certificate(waiting.auth_certificate))
    assert response.revocation_reason == ReasonFlags.cessation_of_operation
