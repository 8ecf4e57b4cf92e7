"""Certificate profiles: which extensions each kind of certificate carries.

Modelled on the Estonian ID card and SK ID Solutions' profiles: authentication certificates
have keyUsage digitalSignature + keyAgreement and EKU clientAuth; signing certificates have
keyUsage nonRepudiation only; the TSA's EKU timeStamping is critical and alone (RFC 3161
§2.3); delegated OCSP responders carry id-kp-OCSPSigning and id-pkix-ocsp-nocheck (RFC 6960
§4.2.2.2.1). Every certificate below the root names its issuer's CRL, the OCSP responder and
the issuer's certificate under ``<SITE_URL>/pki/``.
"""

from __future__ import annotations

from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

from trust.constants import CertificateKind

CA_CURVE = ec.SECP384R1
END_ENTITY_CURVE = ec.SECP256R1

# Readable RFC 4514 names for the attributes the Estonian profiles use.
NAME_LABELS = {
    NameOID.ORGANIZATION_IDENTIFIER: "organizationIdentifier",
    NameOID.SERIAL_NUMBER: "serialNumber",
    NameOID.SURNAME: "SN",
    NameOID.GIVEN_NAME: "GN",
}


def pki_urls(site_url: str, issuer_slug: str) -> dict[str, str]:
    base = site_url.rstrip("/") + "/pki"
    return {
        "crl": f"{base}/crl/{issuer_slug}.crl",
        "ca_issuers": f"{base}/ca/{issuer_slug}.cer",
        "ocsp": f"{base}/ocsp",
        "tsa": f"{base}/tsa",
    }


def new_key(kind: str) -> ec.EllipticCurvePrivateKey:
    curve = CA_CURVE if kind in (CertificateKind.ROOT_CA, CertificateKind.ISSUING_CA) else END_ENTITY_CURVE
    return ec.generate_private_key(curve())


def hash_for(key: ec.EllipticCurvePrivateKey) -> hashes.HashAlgorithm:
    return hashes.SHA384() if key.curve.key_size >= 384 else hashes.SHA256()


def subject_text(name: x509.Name) -> str:
    return name.rfc4514_string(NAME_LABELS)


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else ""


def _key_usage(**flags: bool) -> x509.KeyUsage:
    names = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{name: flags.get(name, False) for name in names})


def _profile(kind: str) -> list[tuple[x509.ExtensionType, bool]]:
    if kind == CertificateKind.ROOT_CA:
        return [
            (x509.BasicConstraints(ca=True, path_length=None), True),
            (_key_usage(key_cert_sign=True, crl_sign=True, digital_signature=True), True),
        ]
    if kind == CertificateKind.ISSUING_CA:
        return [
            (x509.BasicConstraints(ca=True, path_length=0), True),
            (_key_usage(key_cert_sign=True, crl_sign=True, digital_signature=True), True),
        ]
    leaf = [(x509.BasicConstraints(ca=False, path_length=None), True)]
    if kind == CertificateKind.TSA:
        return [
            *leaf,
            (_key_usage(digital_signature=True), True),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True),
        ]
    if kind == CertificateKind.OCSP_RESPONDER:
        return [
            *leaf,
            (_key_usage(digital_signature=True), True),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), False),
            (x509.OCSPNoCheck(), False),
        ]
    if kind == CertificateKind.SEAL:
        return [*leaf, (_key_usage(digital_signature=True, content_commitment=True), True)]
    if kind == CertificateKind.PERSON_AUTH:
        return [
            *leaf,
            (_key_usage(digital_signature=True, key_agreement=True), True),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False),
        ]
    if kind == CertificateKind.PERSON_SIGN:
        return [*leaf, (_key_usage(content_commitment=True), True)]
    raise ValueError(f"Unknown certificate kind {kind!r}")


def build_certificate(
    *,
    kind: str,
    subject: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    issuer_cert: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey,
    issuer_slug: str,
    site_url: str,
    not_before: datetime,
    not_after: datetime,
) -> x509.Certificate:
    """Sign a certificate of ``kind``; ``issuer_cert`` None means self-signed (the root)."""
    ski = x509.SubjectKeyIdentifier.from_public_key(public_key)
    if issuer_cert is None:
        issuer_name = subject
        aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)
    else:
        issuer_name = issuer_cert.subject
        aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
            issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(ski, critical=False)
        .add_extension(aki, critical=False)
    )
    for extension, critical in _profile(kind):
        builder = builder.add_extension(extension, critical=critical)
    if issuer_cert is not None:
        urls = pki_urls(site_url, issuer_slug)
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(urls["crl"])], None, None, None)]
            ),
            critical=False,
        ).add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(urls["ocsp"])
                    ),
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(urls["ca_issuers"])
                    ),
                ]
            ),
            critical=False,
        )
    return builder.sign(issuer_key, hash_for(issuer_key))


def name(*attributes: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in attributes if value])


def person_subject(*, personal_code: str, given_name: str, surname: str) -> x509.Name:
    """Subject of the Estonian ID card: C=EE, CN=SURNAME,GIVEN,code, SN, GN, serialNumber=PNOEE-code."""
    given, family = given_name.strip().upper(), surname.strip().upper()
    return name(
        (NameOID.COUNTRY_NAME, "EE"),
        (NameOID.COMMON_NAME, f"{family},{given},{personal_code}"),
        (NameOID.SURNAME, family),
        (NameOID.GIVEN_NAME, given),
        (NameOID.SERIAL_NUMBER, f"PNOEE-{personal_code}"),
    )
