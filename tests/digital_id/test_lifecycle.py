"""Suspension (holder, at once), resumption (pick-up official after an identity check),
revocation (identity official; holder's request), and OCSP/CRL reflecting each change."""

import pytest
from cryptography import x509
from cryptography.x509 import ReasonFlags, ocsp
from django.core import mail

from audit.selectors import journal_for
from digital_id.constants import IdState, RequestStatus
from digital_id.exceptions import NotAllowed, TravelDocumentMismatch, WrongState
from digital_id.models import RevocationRequest
from digital_id.services import (
    digital_id_resume,
    digital_id_revoke,
    digital_id_suspend,
    revocation_request_create,
)
from digital_id.services.login import ocsp_status
from tests.digital_id.conftest import presented


def ocsp_of(certificate):
    from trust.services import ocsp_response_for_certificate

    certificate.refresh_from_db()
    return ocsp.load_der_ocsp_response(ocsp_response_for_certificate(certificate))


def crl_entries(card) -> dict[int, x509.ReasonFlags | None]:
    from trust.services import crl_current

    ca = card.auth_certificate.issuer
    ca.refresh_from_db()
    crl = x509.load_der_x509_crl(crl_current(ca=ca))
    entries = {}
    for revoked in crl:
        try:
            entries[revoked.serial_number] = revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason
        except x509.ExtensionNotFound:
            entries[revoked.serial_number] = None
    return entries


def test_holder_suspends_at_once_and_ocsp_and_crl_say_certificate_hold(handed, django_capture_on_commit_callbacks):
    card = handed.card
    with django_capture_on_commit_callbacks(execute=True):
        digital_id_suspend(digital_id=card, actor=card.holder, reason="Lost on the train")
    card.refresh_from_db()
    assert card.state == IdState.SUSPENDED
    for certificate in (card.auth_certificate, card.signing_certificate):
        response = ocsp_of(certificate)
        assert response.certificate_status == ocsp.OCSPCertStatus.REVOKED
        assert response.revocation_reason == ReasonFlags.certificate_hold
    entries = crl_entries(card)
    assert entries[card.auth_certificate.serial_number] == ReasonFlags.certificate_hold
    assert entries[card.signing_certificate.serial_number] == ReasonFlags.certificate_hold
    assert mail.outbox[-1].subject == "Your digital ID is suspended"


def test_only_a_pickup_official_resumes_after_checking_the_travel_document(handed, personas):
    card = handed.card
    digital_id_suspend(digital_id=card, actor=card.holder)
    with pytest.raises(NotAllowed):
        digital_id_resume(digital_id=card, actor=card.holder, presented=presented())
    with pytest.raises(NotAllowed):
        digital_id_resume(digital_id=card, actor=personas["ivan"], presented=presented())
    with pytest.raises(TravelDocumentMismatch):
        digital_id_resume(digital_id=card, actor=personas["pia"], presented=presented(number="X1"))
    digital_id_resume(digital_id=card, actor=personas["pia"], presented=presented(), reason="Found it")
    card.refresh_from_db()
    assert card.state == IdState.ACTIVE
    for certificate in (card.auth_certificate, card.signing_certificate):
        assert ocsp_of(certificate).certificate_status == ocsp.OCSPCertStatus.GOOD
    assert crl_entries(card) == {}


def test_others_cannot_suspend_someone_elses_card(handed, personas):
    with pytest.raises(NotAllowed):
        digital_id_suspend(digital_id=handed.card, actor=personas["oscar"])
    with pytest.raises(NotAllowed):
        digital_id_suspend(digital_id=handed.card, actor=personas["pia"])


def test_identity_official_revokes_with_a_reason_and_ocsp_says_revoked(handed, personas):
    card = handed.card
    with pytest.raises(NotAllowed):
        digital_id_revoke(digital_id=card, actor=personas["pia"], reason_code="key_compromise", reason="x")
    with pytest.raises(Exception, match="Say why"):
        digital_id_revoke(digital_id=card, actor=personas["ivan"], reason_code="key_compromise", reason=" ")
    digital_id_revoke(
        digital_id=card, actor=personas["ivan"], reason_code="privilege_withdrawn", reason="Risk assessment"
    )
    card.refresh_from_db()
    assert card.state == IdState.REVOKED and card.revocation_reason == "privilege_withdrawn"
    for certificate in (card.auth_certificate, card.signing_certificate):
        response = ocsp_of(certificate)
        assert response.certificate_status == ocsp.OCSPCertStatus.REVOKED
        assert response.revocation_reason == ReasonFlags.privilege_withdrawn
        assert ocsp_status(certificate.x509(), certificate.issuer.certificate.x509()) == ocsp.OCSPCertStatus.REVOKED
    assert crl_entries(card)[card.signing_certificate.serial_number] == ReasonFlags.privilege_withdrawn
    entry = next(e for e in journal_for(card) if e.action == "revoke")
    assert entry.reason == "Risk assessment" and entry.actor == personas["ivan"]
    with pytest.raises(WrongState):
        digital_id_revoke(digital_id=card, actor=personas["ivan"], reason_code="unspecified", reason="again")


def test_holder_asks_for_revocation_card_suspended_now_official_revokes(handed, personas):
    card = handed.card
    request = revocation_request_create(digital_id=card, actor=card.holder, reason="key_compromise", details="Stolen")
    card.refresh_from_db()
    assert card.state == IdState.SUSPENDED
    with pytest.raises(WrongState):
        revocation_request_create(digital_id=card, actor=card.holder, reason="key_compromise")
    # A suspended card with a revocation request cannot simply be resumed.
    with pytest.raises(WrongState, match="asked for this card to be revoked"):
        digital_id_resume(digital_id=card, actor=personas["pia"], presented=presented())
    digital_id_revoke(digital_id=card, actor=personas["ivan"], reason_code=request.reason, reason="As requested")
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.handled_by == personas["ivan"]
    done = next(e for e in journal_for(card) if e.action == "revocation_request_done")
    assert (done.from_state, done.to_state) == (RequestStatus.OPEN, RequestStatus.DONE)
    assert done.data["request"] == str(request.code) and done.actor == personas["ivan"]
    card.refresh_from_db()
    assert card.state == IdState.REVOKED and card.revocation_reason == "key_compromise"


def test_only_the_holder_can_ask(handed, personas):
    with pytest.raises(NotAllowed):
        revocation_request_create(digital_id=handed.card, actor=personas["oscar"], reason="key_compromise")
    assert not RevocationRequest.objects.exists()


def test_certificate_revoked_in_the_trust_service_revokes_the_card(handed):
    from trust.services import certificate_revoke

    certificate_revoke(certificate=handed.card.signing_certificate, revocation_reason="key_compromise", actor="ca")
    card = handed.card
    card.refresh_from_db()
    assert card.state == IdState.REVOKED
    card.auth_certificate.refresh_from_db()
    assert card.auth_certificate.status == "revoked"


def test_revoking_a_card_that_waits_erases_its_envelope(waiting, personas):
    from digital_id.models import PinEnvelope

    digital_id_revoke(digital_id=waiting, actor=personas["ivan"], reason_code="privilege_withdrawn", reason="Risk")
    envelope = PinEnvelope.objects.get(digital_id=waiting)
    assert not envelope.available and envelope.destroyed_reason == "revoked"
    waiting.signing_certificate.refresh_from_db()
    assert waiting.signing_certificate.status == "revoked"
