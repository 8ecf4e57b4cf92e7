"""Login with the digital ID: challenge, signature, OCSP; refusals that say why; PIN1 blocks
after three wrong tries and the PUK unblocks it."""

from datetime import timedelta

import pytest
from cryptography.x509 import ocsp
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from digital_id.constants import IdState
from digital_id.dates import tallinn_date
from digital_id.exceptions import LoginRefused
from digital_id.models import DigitalId, LoginChallenge
from digital_id.services import (
    digital_id_authenticate,
    digital_id_revoke,
    digital_id_suspend,
    on_certificate_status_change,
    pin_unblock,
)
from digital_id.services import login as login_service
from digital_id.views.public import SESSION_CARD

URL = reverse("digital_id:login")


def post_login(client, code, pin):
    return client.post(URL, {"username": code, "password": pin})


def test_login_with_personal_code_and_pin1(handed):
    client = Client()
    response = post_login(client, handed.card.personal_code.code, handed.codes.pin1)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert int(client.session["_auth_user_id"]) == handed.card.holder_id
    assert client.session["_auth_user_backend"] == "digital_id.backends.DigitalIdBackend"
    assert client.session[SESSION_CARD] == str(handed.card.code)
    assert client.get(reverse("digital_id:mine")).status_code == 200
    challenge = LoginChallenge.objects.get()
    assert challenge.used_at is not None  # consumed exactly once


def test_wrong_pin1_three_times_blocks_it_and_says_what_to_do(handed):
    client = Client()
    code = handed.card.personal_code.code
    wrong = "0000" if handed.codes.pin1 != "0000" else "1111"
    first = post_login(client, code, wrong)
    assert first.status_code == 403 and "2 tries left" in first.content.decode()
    second = post_login(client, code, wrong)
    assert "One try left" in second.content.decode()
    third = post_login(client, code, wrong)
    assert "PIN1 is blocked" in third.content.decode() and "PUK" in third.content.decode()
    # Now even the right PIN1 is refused, with the same advice.
    fourth = post_login(client, code, handed.codes.pin1)
    assert fourth.status_code == 403 and "unblock it with your PUK" in fourth.content.decode()
    assert "_auth_user_id" not in client.session
    # The PUK unblocks PIN1 with a new code, and that one works.
    pin_unblock(digital_id=handed.card, actor=handed.card.holder, role="auth", puk=handed.codes.puk, new_pin="8642")
    assert post_login(Client(), code, "8642").status_code == 302


def test_unknown_and_malformed_codes(handed):
    response = post_login(Client(), "38001085718", "1234")
    assert response.status_code == 403 and "No digital ID is registered" in response.content.decode()
    response = post_login(Client(), "38001085719", "1234")  # bad check digit
    assert response.status_code == 400 and "not a valid personal identification code" in response.content.decode()


def test_suspended_id_cannot_log_in(handed):
    digital_id_suspend(digital_id=handed.card, actor=handed.card.holder)
    response = post_login(Client(), handed.card.personal_code.code, handed.codes.pin1)
    text = response.content.decode()
    assert response.status_code == 403
    assert "is suspended" in text and "pick-up point" in text and "password" in text


def test_revoked_id_cannot_log_in(handed, personas):
    digital_id_revoke(digital_id=handed.card, actor=personas["ivan"], reason_code="key_compromise", reason="Lost")
    response = post_login(Client(), handed.card.personal_code.code, handed.codes.pin1)
    assert response.status_code == 403 and "was revoked" in response.content.decode()
    assert "apply for a new digital ID" in response.content.decode()


def test_expired_id_cannot_log_in(handed):
    DigitalId.objects.filter(pk=handed.card.pk).update(expires_on=tallinn_date() - timedelta(days=1))
    response = post_login(Client(), handed.card.personal_code.code, handed.codes.pin1)
    assert response.status_code == 403 and "expired on" in response.content.decode()
    assert "renewal" in response.content.decode()


def test_card_not_yet_handed_over_cannot_log_in(waiting):
    with pytest.raises(LoginRefused, match="not been handed over"):
        digital_id_authenticate(personal_code=waiting.personal_code.code, pin1="1234")


def test_challenge_is_single_use_and_expires(handed):
    challenge = login_service.challenge_create(digital_id=handed.card)
    assert login_service.challenge_consume(challenge) is True
    assert login_service.challenge_consume(challenge) is False
    old = login_service.challenge_create(digital_id=handed.card)
    LoginChallenge.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert login_service.challenge_consume(old) is False


def _revoke_behind_the_cards_back(certificate):
    from trust.registry import register_status_handler, unregister_status_handler
    from trust.services import certificate_revoke

    unregister_status_handler(on_certificate_status_change)
    try:
        certificate_revoke(certificate=certificate, revocation_reason="key_compromise", actor="test")
    finally:
        register_status_handler(on_certificate_status_change)


def test_certificate_revoked_in_the_trust_service_refuses_login(handed):
    _revoke_behind_the_cards_back(handed.card.auth_certificate)
    handed.card.refresh_from_db()
    assert handed.card.state == IdState.ACTIVE
    with pytest.raises(LoginRefused, match="certificate status service says"):
        digital_id_authenticate(personal_code=handed.card.personal_code.code, pin1=handed.codes.pin1)


def test_login_is_refused_when_ocsp_says_revoked(handed, monkeypatch):
    """The OCSP answer itself is a gate: the certificate is revoked after the card signed the
    challenge (the race a stolen card would try), and only OCSP can notice."""
    import trust.services

    real = trust.services.credential_authenticate

    def sign_then_revoke(**kwargs):
        signature = real(**kwargs)
        _revoke_behind_the_cards_back(handed.card.auth_certificate)
        return signature

    monkeypatch.setattr(trust.services, "credential_authenticate", sign_then_revoke)
    with pytest.raises(LoginRefused, match="certificate status service says"):
        digital_id_authenticate(personal_code=handed.card.personal_code.code, pin1=handed.codes.pin1)
    certificate = handed.card.auth_certificate
    status = login_service.ocsp_status(certificate.x509(), certificate.issuer.certificate.x509())
    assert status == ocsp.OCSPCertStatus.REVOKED


def test_an_ocsp_answer_without_our_nonce_is_not_trusted(handed, monkeypatch):
    import trust.services

    real = trust.services.ocsp_respond

    def strip_nonce(request_der):
        parsed = ocsp.load_der_ocsp_request(request_der)
        from cryptography.hazmat.primitives import hashes, serialization

        card = handed.card
        replay = ocsp.OCSPRequestBuilder().add_certificate(
            card.auth_certificate.x509(), card.auth_certificate.issuer.certificate.x509(), hashes.SHA256()
        )
        assert parsed.serial_number == card.auth_certificate.serial_number
        return real(replay.build().public_bytes(serialization.Encoding.DER))

    monkeypatch.setattr(trust.services, "ocsp_respond", strip_nonce)
    with pytest.raises(LoginRefused, match="cannot confirm"):
        digital_id_authenticate(personal_code=handed.card.personal_code.code, pin1=handed.codes.pin1)


def test_a_signature_by_another_key_is_rejected(handed, monkeypatch):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    import trust.services

    stranger = ec.generate_private_key(ec.SECP256R1())
    monkeypatch.setattr(
        trust.services,
        "credential_authenticate",
        lambda *, credential, pin1, challenge: stranger.sign(challenge, ec.ECDSA(hashes.SHA256())),
    )
    with pytest.raises(LoginRefused, match="could not be verified"):
        digital_id_authenticate(personal_code=handed.card.personal_code.code, pin1=handed.codes.pin1)


def test_card_pin_counter_is_the_lock_out_not_the_general_one(handed, settings):
    """Wrong PIN1s are counted by the card (three, then the PUK), not by django-axes per
    personal code: the holder sees "PIN1 blocked" and can sign in again after the PUK."""
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    code = handed.card.personal_code.code
    wrong = "0000" if handed.codes.pin1 != "0000" else "1111"
    for _ in range(4):
        response = post_login(client, code, wrong)
    assert response.status_code == 403 and "PIN1 is blocked" in response.content.decode()
    assert "Too many failed sign-in attempts" not in response.content.decode()
    assert AccessAttempt.objects.count() == 0
    pin_unblock(digital_id=handed.card, actor=handed.card.holder, role="auth", puk=handed.codes.puk, new_pin="8642")
    assert post_login(client, code, "8642").status_code == 302


def test_refusals_of_a_suspended_card_are_not_counted(handed, settings):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 1
    digital_id_suspend(digital_id=handed.card, actor=handed.card.holder, reason="lost")
    response = post_login(Client(), handed.card.personal_code.code, handed.codes.pin1)
    assert response.status_code == 403 and "suspended" in response.content.decode()
    assert AccessAttempt.objects.count() == 0
