from datetime import timedelta

import pytest
from cryptography import x509
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from audit.selectors import journal_for
from trust.constants import EID_CA_SLUG, ROOT_SLUG, CertificateStatus
from trust.models import CertificateAuthority
from trust.registry import register_status_handler, unregister_status_handler
from trust.services import certificate_resume, certificate_revoke, certificate_suspend


def fetch_crl(client, slug=EID_CA_SLUG):
    response = client.get(f"/pki/crl/{slug}.crl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    ca = CertificateAuthority.objects.get(slug=slug).certificate.x509()
    assert crl.is_signature_valid(ca.public_key())
    assert crl.issuer == ca.subject
    return crl


def reason_of(entry):
    try:
        return entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    except x509.ExtensionNotFound:
        return None


def test_fresh_crl_is_empty_and_signed(pki, client):
    crl = fetch_crl(client)
    assert len(crl) == 0
    assert crl.next_update_utc - crl.last_update_utc == timedelta(hours=24)
    root_crl = fetch_crl(client, ROOT_SLUG)
    assert root_crl.next_update_utc - root_crl.last_update_utc == timedelta(days=7)


def test_suspend_resume_revoke_are_journaled_and_reach_the_crl(creds, client):
    cert = creds.signing_certificate
    certificate_suspend(certificate=cert, actor="ivan", reason="card reported lost")
    crl = fetch_crl(client)
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    assert entry is not None and reason_of(entry) == x509.ReasonFlags.certificate_hold
    number_after_hold = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number

    certificate_resume(certificate=cert, actor="ivan", reason="card found")
    crl = fetch_crl(client)
    assert crl.get_revoked_certificate_by_serial_number(cert.serial_number) is None
    assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number > number_after_hold

    certificate_revoke(certificate=cert, revocation_reason="key_compromise", actor="ivan", reason="stolen")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED and cert.revocation_reason == "key_compromise"
    entry = fetch_crl(client).get_revoked_certificate_by_serial_number(cert.serial_number)
    assert reason_of(entry) == x509.ReasonFlags.key_compromise
    assert abs(entry.revocation_date_utc - cert.revoked_at) < timedelta(seconds=1)

    actions = [(e.action, e.from_state, e.to_state) for e in journal_for(cert)]
    assert actions == [
        ("issue", "new", "valid"),
        ("suspend", "valid", "on_hold"),
        ("resume", "on_hold", "valid"),
        ("revoke", "valid", "revoked"),
    ]
    assert journal_for(cert).last().reason == "stolen"


def test_unspecified_reason_is_left_out_of_the_crl(creds, client):
    certificate_revoke(certificate=creds.auth_certificate, actor="t")
    entry = fetch_crl(client).get_revoked_certificate_by_serial_number(creds.auth_certificate.serial_number)
    assert entry is not None and reason_of(entry) is None


def test_revoked_is_final(creds):
    certificate_revoke(certificate=creds.auth_certificate, actor="t")
    with pytest.raises(TransitionNotAllowed):
        certificate_resume(certificate=creds.auth_certificate, actor="t")
    with pytest.raises(TransitionNotAllowed):
        certificate_suspend(certificate=creds.auth_certificate, actor="t")
    with pytest.raises(ValueError):
        certificate_revoke(certificate=creds.signing_certificate, revocation_reason="bogus", actor="t")


def test_status_hooks_hear_every_change(creds):
    heard = []

    def handler(certificate, change, actor):
        heard.append((certificate.pk, change, actor))

    register_status_handler(handler)
    try:
        certificate_suspend(certificate=creds.auth_certificate, actor="ivan")
        certificate_resume(certificate=creds.auth_certificate, actor="ivan")
        certificate_revoke(certificate=creds.auth_certificate, actor="ivan")
    finally:
        unregister_status_handler(handler)
    pk = creds.auth_certificate.pk
    assert heard == [(pk, "suspend", "ivan"), (pk, "resume", "ivan"), (pk, "revoke", "ivan")]


def test_crl_is_resigned_lazily_near_next_update(pki, client):
    ca = CertificateAuthority.objects.get(slug=EID_CA_SLUG)
    before = ca.crl_number
    fetch_crl(client)
    assert CertificateAuthority.objects.get(pk=ca.pk).crl_number == before  # fresh: served from the row
    CertificateAuthority.objects.filter(pk=ca.pk).update(crl_next_update=timezone.now() + timedelta(hours=1))
    crl = fetch_crl(client)
    assert CertificateAuthority.objects.get(pk=ca.pk).crl_number == before + 1
    assert crl.next_update_utc > timezone.now() + timedelta(hours=23)


def test_unknown_ca_is_404_and_certificates_are_served(pki, client):
    assert client.get("/pki/crl/nope.crl").status_code == 404
    assert client.get("/pki/ca/nope.cer").status_code == 404
    response = client.get("/pki/ca/root.cer")
    assert response.status_code == 200 and response["Content-Type"] == "application/pkix-cert"
    assert x509.load_der_x509_certificate(response.content) == pki.certificate.x509()
    assert client.post("/pki/crl/root.crl").status_code == 405
