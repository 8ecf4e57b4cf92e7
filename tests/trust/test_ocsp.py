import base64
import os
from urllib.parse import quote

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp

from trust.constants import EID_CA_SLUG, CertificateKind
from trust.models import Certificate, CertificateAuthority
from trust.services import certificate_revoke, certificate_suspend


def request_for(cert, issuer, *, algorithm=None, nonce=None):
    builder = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, algorithm or hashes.SHA1())
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.build().public_bytes(serialization.Encoding.DER)


def post(client, body):
    response = client.post("/pki/ocsp", data=body, content_type="application/ocsp-request")
    assert response.status_code == 200 and response["Content-Type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(response.content)


def eid_ca():
    return CertificateAuthority.objects.get(slug=EID_CA_SLUG)


def check_signed_by_responder(resp, ca):
    responder = ca.ocsp_responder.x509()
    assert resp.certificates == [responder]
    assert resp.responder_key_hash == x509.SubjectKeyIdentifier.from_public_key(responder.public_key()).digest
    responder.public_key().verify(resp.signature, resp.tbs_response_bytes, ec.ECDSA(resp.signature_hash_algorithm))


def test_good_with_nonce_echo_signed_by_the_delegated_responder(creds, client):
    nonce = os.urandom(16)
    ca = eid_ca()
    resp = post(client, request_for(creds.signing_certificate.x509(), ca.certificate.x509(), nonce=nonce))
    assert resp.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert resp.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert resp.serial_number == creds.signing_certificate.serial_number
    assert resp.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == nonce
    assert resp.next_update_utc > resp.this_update_utc
    check_signed_by_responder(resp, ca)


def test_revoked_with_time_and_reason_and_sha256_cert_id(creds, client):
    certificate_revoke(certificate=creds.auth_certificate, revocation_reason="privilege_withdrawn", actor="t")
    creds.auth_certificate.refresh_from_db()
    req = request_for(creds.auth_certificate.x509(), eid_ca().certificate.x509(), algorithm=hashes.SHA256())
    resp = post(client, req)
    assert resp.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert resp.revocation_reason == x509.ReasonFlags.privilege_withdrawn
    assert resp.revocation_time_utc == creds.auth_certificate.revoked_at.replace(microsecond=0)
    assert isinstance(resp.hash_algorithm, hashes.SHA256)
    resp_no_nonce = post(client, req)
    assert not any(isinstance(e.value, x509.OCSPNonce) for e in resp_no_nonce.extensions)


def test_suspended_is_revoked_with_certificate_hold(creds, client):
    certificate_suspend(certificate=creds.signing_certificate, actor="t")
    resp = post(client, request_for(creds.signing_certificate.x509(), eid_ca().certificate.x509()))
    assert resp.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert resp.revocation_reason == x509.ReasonFlags.certificate_hold


def test_unknown_serial_is_unknown(creds, client):
    ca = eid_ca()
    stranger = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([]))
        .issuer_name(ca.certificate.x509().subject)
        .public_key(ec.generate_private_key(ec.SECP256R1()).public_key())
        .serial_number(12345)
        .not_valid_before(creds.signing_certificate.not_before)
        .not_valid_after(creds.signing_certificate.not_after)
        .sign(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256())
    )
    resp = post(client, request_for(stranger, ca.certificate.x509()))
    assert resp.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert resp.certificate_status == ocsp.OCSPCertStatus.UNKNOWN
    check_signed_by_responder(resp, ca)


def test_unknown_issuer_is_unauthorized(creds, client):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "Elsewhere CA")])
    foreign_ca = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(creds.signing_certificate.not_before)
        .not_valid_after(creds.signing_certificate.not_after)
        .sign(key, hashes.SHA256())
    )
    resp = post(client, request_for(creds.signing_certificate.x509(), foreign_ca))
    assert resp.response_status == ocsp.OCSPResponseStatus.UNAUTHORIZED


def test_issuing_ca_and_tsa_status_answered_by_the_root_itself(pki, client):
    root = pki.certificate.x509()
    for cert in (eid_ca().certificate.x509(), Certificate.objects.get(kind=CertificateKind.TSA).x509()):
        resp = post(client, request_for(cert, root))
        assert resp.certificate_status == ocsp.OCSPCertStatus.GOOD
        assert resp.certificates == []
        root.public_key().verify(resp.signature, resp.tbs_response_bytes, ec.ECDSA(resp.signature_hash_algorithm))


def test_get_form(creds, client):
    body = request_for(creds.signing_certificate.x509(), eid_ca().certificate.x509())
    response = client.get("/pki/ocsp/" + quote(base64.b64encode(body).decode(), safe=""))
    assert response.status_code == 200 and "max-age" in response["Cache-Control"]
    resp = ocsp.load_der_ocsp_response(response.content)
    assert resp.certificate_status == ocsp.OCSPCertStatus.GOOD


def test_garbage_is_a_malformed_request_not_an_error(pki, client):
    for body in (b"", b"garbage", b"\x30\x03\x02\x01\x01"):
        assert post(client, body).response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST
    response = client.get("/pki/ocsp/%%%not-base64")
    assert response.status_code == 200
    assert ocsp.load_der_ocsp_response(response.content).response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST
    assert client.put("/pki/ocsp", data=b"x").status_code == 405
