from io import StringIO

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID
from django.core.management import CommandError, call_command

from audit.models import JournalEntry
from tests.trust.conftest import PERSONAL_CODE
from trust.constants import EID_CA_SLUG, ROOT_SLUG, SEAL_CA_SLUG, CertificateKind, CertificateStatus
from trust.exceptions import HierarchyExists
from trust.models import Certificate, CertificateAuthority
from trust.selectors import all_ca_certificates, root_certificates
from trust.services import hierarchy_install


def ext(cert, cls):
    return cert.extensions.get_extension_for_class(cls)


def one(kind, **filters):
    return Certificate.objects.get(kind=kind, **filters).x509()


def urls_of(cert):
    aia = ext(cert, x509.AuthorityInformationAccess).value
    by_method = {d.access_method: d.access_location.value for d in aia}
    crl = ext(cert, x509.CRLDistributionPoints).value[0].full_name[0].value
    return crl, by_method[AuthorityInformationAccessOID.OCSP], by_method[AuthorityInformationAccessOID.CA_ISSUERS]


@pytest.mark.django_db
def test_trust_init_creates_once_then_refuses(settings):
    settings.SITE_URL = "https://eres.example.org"
    out = StringIO()
    call_command("trust_init", stdout=out)
    assert "Created the CA hierarchy" in out.getvalue()
    assert CertificateAuthority.objects.count() == 3
    first_root = CertificateAuthority.objects.get(slug=ROOT_SLUG).certificate.fingerprint_sha256
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("trust_init", stdout=StringIO())
    quiet = StringIO()
    call_command("trust_init", "--if-missing", stdout=quiet)
    assert quiet.getvalue() == ""
    assert CertificateAuthority.objects.get(slug=ROOT_SLUG).certificate.fingerprint_sha256 == first_root
    crl, ocsp, issuers = urls_of(Certificate.objects.get(kind=CertificateKind.TSA).x509())
    assert crl == "https://eres.example.org/pki/crl/root.crl"
    assert ocsp == "https://eres.example.org/pki/ocsp"
    assert issuers == "https://eres.example.org/pki/ca/root.cer"


def test_install_refuses_a_second_hierarchy(pki, pki_material):
    with pytest.raises(HierarchyExists):
        hierarchy_install(material=pki_material, actor="test")


def test_every_certificate_issue_is_journaled(pki):
    issued = Certificate.objects.filter(status=CertificateStatus.VALID)
    assert issued.count() == 3 + 1 + 2 + 4  # CAs, TSA, responders, seals
    assert JournalEntry.objects.filter(action="issue", subject_type="trust.certificate").count() == issued.count()


def test_root_and_issuing_ca_profiles(pki):
    root = pki.certificate.x509()
    assert isinstance(root.public_key(), ec.EllipticCurvePublicKey) and root.public_key().curve.name == "secp384r1"
    assert root.issuer == root.subject
    assert ext(root, x509.BasicConstraints).value.ca and ext(root, x509.BasicConstraints).critical
    ku = ext(root, x509.KeyUsage).value
    assert ku.key_cert_sign and ku.crl_sign
    for slug in (EID_CA_SLUG, SEAL_CA_SLUG):
        ca = CertificateAuthority.objects.get(slug=slug)
        cert = ca.certificate.x509()
        assert ca.parent == pki
        assert cert.issuer == root.subject
        assert ext(cert, x509.BasicConstraints).value.path_length == 0
        assert cert.public_key().curve.name == "secp384r1"
        assert urls_of(cert) == (
            "http://testserver/pki/crl/root.crl",
            "http://testserver/pki/ocsp",
            "http://testserver/pki/ca/root.cer",
        )
        cert.verify_directly_issued_by(root)
    assert [c.subject for c in root_certificates()] == [root.subject]
    assert len(all_ca_certificates()) == 3 and all_ca_certificates()[0] == root


def test_tsa_profile(pki):
    tsa = one(CertificateKind.TSA)
    eku = ext(tsa, x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert ext(tsa, x509.KeyUsage).value.digital_signature
    assert tsa.public_key().curve.name == "secp256r1"
    tsa.verify_directly_issued_by(pki.certificate.x509())


def test_ocsp_responder_profiles(pki):
    for slug in (EID_CA_SLUG, SEAL_CA_SLUG):
        ca = CertificateAuthority.objects.get(slug=slug)
        responder = ca.ocsp_responder.x509()
        assert list(ext(responder, x509.ExtendedKeyUsage).value) == [ExtendedKeyUsageOID.OCSP_SIGNING]
        assert ext(responder, x509.OCSPNoCheck)
        responder.verify_directly_issued_by(ca.certificate.x509())
        assert urls_of(responder)[0] == f"http://testserver/pki/crl/{slug}.crl"


@pytest.mark.parametrize(
    "seal, code", [("identity_board", "70008747"), ("business_register", "70000310"), ("tax_board", "70000349")]
)
def test_seal_profiles(pki, seal, code):
    cert = one(CertificateKind.SEAL, seal=seal)
    ident = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)[0].value
    assert ident == f"NTREE-{code}"
    assert cert.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "EE"
    ku = ext(cert, x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment and not ku.key_cert_sign
    seal_ca = CertificateAuthority.objects.get(slug=SEAL_CA_SLUG).certificate.x509()
    cert.verify_directly_issued_by(seal_ca)
    assert urls_of(cert)[0] == "http://testserver/pki/crl/org-seal.crl"


def test_person_certificate_profiles(creds):
    auth = creds.auth_certificate.x509()
    sign = creds.signing_certificate.x509()
    for cert in (auth, sign):
        subject = {a.oid: a.value for a in cert.subject}
        assert subject[NameOID.COUNTRY_NAME] == "EE"
        assert subject[NameOID.COMMON_NAME] == f"TAMM,ALICE,{PERSONAL_CODE}"
        assert subject[NameOID.SURNAME] == "TAMM"
        assert subject[NameOID.GIVEN_NAME] == "ALICE"
        assert subject[NameOID.SERIAL_NUMBER] == f"PNOEE-{PERSONAL_CODE}"
        assert cert.public_key().curve.name == "secp256r1"
        assert not ext(cert, x509.BasicConstraints).value.ca
        assert urls_of(cert) == (
            "http://testserver/pki/crl/eresident-id.crl",
            "http://testserver/pki/ocsp",
            "http://testserver/pki/ca/eresident-id.cer",
        )
    auth_ku = ext(auth, x509.KeyUsage).value
    assert auth_ku.digital_signature and auth_ku.key_agreement and not auth_ku.content_commitment
    assert list(ext(auth, x509.ExtendedKeyUsage).value) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    sign_ku = ext(sign, x509.KeyUsage).value
    assert sign_ku.content_commitment and not sign_ku.digital_signature and not sign_ku.key_agreement
    with pytest.raises(x509.ExtensionNotFound):
        ext(sign, x509.ExtendedKeyUsage)
    delta = sign.not_valid_after_utc - sign.not_valid_before_utc
    assert 5 * 365 - 1 <= delta.days <= 5 * 365 + 1
