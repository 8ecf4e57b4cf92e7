"""The independent reading of embedded revocation data (trust.validation.revocation) and its
use in the verdict when the data is an OCSP response rather than a CRL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.trust.validation import material
from trust.validation import INDETERMINATE, PASSED, revocation, validate_pdf_bytes
from trust.validation.revocation import RevocationEvidence


def evidence(der: bytes, kind: str) -> list[RevocationEvidence]:
    return [RevocationEvidence(der, kind, "DSS")]


def test_ocsp_good_signed_by_the_issuer(vpki):
    finding = revocation.assess(
        vpki.signers["mari"].cert, vpki.ca.cert, evidence(material.ocsp_response(vpki, "mari"), "OCSP")
    )
    assert finding.status == "good"
    assert finding.source == "OCSP"


def test_ocsp_revoked_from_a_delegated_responder(vpki):
    responder = material.ocsp_responder(vpki)
    when = material.NOW - timedelta(days=3)
    der = material.ocsp_response(vpki, "jaan", revoked_at=when, responder=responder)

    finding = revocation.assess(vpki.signers["jaan"].cert, vpki.ca.cert, evidence(der, "OCSP"))

    assert finding.status == "revoked"
    assert finding.revoked_at == when
    assert finding.reason == "key_compromise"


def test_delegated_responder_found_among_the_documents_certificates(vpki):
    responder = material.ocsp_responder(vpki)
    der = material.ocsp_response(vpki, "jaan", responder=responder, include_responder=False)
    cert, issuer = vpki.signers["jaan"].cert, vpki.ca.cert

    assert revocation.assess(cert, issuer, evidence(der, "OCSP")).status == "none"
    assert revocation.assess(cert, issuer, evidence(der, "OCSP"), known_certs=[responder.cert]).status == "good"


def test_ocsp_from_an_unrelated_signer_is_ignored(vpki):
    impostor = material.ocsp_responder(material.build_pki())  # same names, other keys
    der = material.ocsp_response(vpki, "jaan", revoked_at=material.NOW, responder=impostor)

    finding = revocation.assess(vpki.signers["jaan"].cert, vpki.ca.cert, evidence(der, "OCSP"))

    assert finding.status == "none"


def test_forged_crl_cannot_revoke_a_good_certificate(vpki):
    other = material.build_pki()  # an issuing CA with the same name but another key
    forged = other.crl(other.ca, revoked={vpki.signers["mari"].cert.serial_number: material.NOW})

    finding = revocation.assess(vpki.signers["mari"].cert, vpki.ca.cert, evidence(forged, "CRL"))

    assert finding.status == "none"


def test_earliest_revocation_wins(vpki):
    serial = vpki.signers["mari"].cert.serial_number
    late = vpki.crl(vpki.ca, revoked={serial: material.NOW - timedelta(days=1)})
    early = vpki.crl(vpki.ca, revoked={serial: material.NOW - timedelta(days=5)})
    items = [RevocationEvidence(late, "CRL", "DSS"), RevocationEvidence(early, "CRL", "signature")]

    finding = revocation.assess(vpki.signers["mari"].cert, vpki.ca.cert, items)

    assert finding.revoked_at == material.NOW - timedelta(days=5)
    assert finding.location == "signature"


def test_no_issuer_means_no_finding(vpki):
    der = vpki.crl(vpki.ca)
    assert revocation.assess(vpki.signers["mari"].cert, None, evidence(der, "CRL")).status == "none"


def test_damaged_revocation_data_is_ignored(vpki):
    items = [RevocationEvidence(b"\x30\x03junk", "CRL", "DSS"), RevocationEvidence(b"junk", "OCSP", "DSS")]
    assert revocation.assess(vpki.signers["mari"].cert, vpki.ca.cert, items).status == "none"


@pytest.mark.parametrize(
    ("revoked_days_after_signing", "verdict"),
    [(2, PASSED), (-2, INDETERMINATE)],
    ids=["revoked-after", "revoked-before"],
)
def test_ocsp_revocation_time_against_the_timestamp(vpki, revoked_days_after_signing, verdict):
    signed = material.sign(material.blank_pdf(), vpki, "jaan", signing_time=material.PAST_SIGNING_TIME)
    when = material.PAST_SIGNING_TIME + timedelta(days=revoked_days_after_signing)
    der = material.ocsp_response(
        vpki, "jaan", revoked_at=when, this_update=material.PAST_SIGNING_TIME + timedelta(minutes=1)
    )
    document = material.add_dss(signed, vpki, crls=[vpki.crl(vpki.root)], ocsps=[der])

    sig = validate_pdf_bytes(document, anchors=vpki.anchors, policy="POLv3").signatures[0]

    assert sig.verdict == verdict, sig.reason
    assert sig.revocation.source == "OCSP"
    assert sig.revocation.revoked_at == when


def _sha1_signed(signed_with_sha256, tbs_cls, key):
    """Re-sign a certificate or CRL with SHA-1 (cryptography's builders refuse SHA-1)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    if tbs_cls == "cert":
        tbs = asn1_x509.TbsCertificate.load(signed_with_sha256.tbs_certificate_bytes)
    else:
        tbs = asn1_crl.TbsCertList.load(signed_with_sha256.tbs_certlist_bytes)
    tbs["signature"] = {"algorithm": "sha1_rsa"}
    der = tbs.dump(force=True)
    signature = key.sign(der, padding.PKCS1v15(), hashes.SHA1())
    if tbs_cls == "cert":
        outer = asn1_x509.Certificate(
            {
                "tbs_certificate": tbs.load(der),
                "signature_algorithm": {"algorithm": "sha1_rsa"},
                "signature_value": signature,
            }
        )
    else:
        outer = asn1_crl.CertificateList(
            {"tbs_cert_list": tbs.load(der), "signature_algorithm": {"algorithm": "sha1_rsa"}, "signature": signature}
        )
    return outer.dump()


def test_sha1_signed_certificate_and_crl_are_read():
    """The product's own revocation reading accepts SHA-1-signed certificates and CRLs (old
    Estonian CAs), as the policy does; `cryptography`'s own checks refuse every one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Old CA")])
    ca_256 = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(material.NOW - timedelta(days=3000))
        .not_valid_after(material.NOW + timedelta(days=300))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    person_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    person_256 = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Old Card")]))
        .issuer_name(name)
        .public_key(person_key.public_key())
        .serial_number(2)
        .not_valid_before(material.NOW - timedelta(days=1000))
        .not_valid_after(material.NOW + timedelta(days=100))
        .sign(key, hashes.SHA256())
    )
    crl_256 = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(name)
        .last_update(material.NOW - timedelta(days=1))
        .next_update(material.NOW + timedelta(days=1))
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(2).revocation_date(material.NOW - timedelta(hours=5)).build()
        )
        .sign(key, hashes.SHA256())
    )
    ca = x509.load_der_x509_certificate(_sha1_signed(ca_256, "cert", key))
    person = x509.load_der_x509_certificate(_sha1_signed(person_256, "cert", key))
    crl_der = _sha1_signed(crl_256, "crl", key)
    assert person.signature_hash_algorithm.name == "sha1"
    with pytest.raises(ValueError):
        person.verify_directly_issued_by(ca)

    assert revocation.find_issuer(person, [ca]) is ca
    finding = revocation.assess(person, ca, evidence(crl_der, "CRL"))
    assert finding.status == "revoked"
