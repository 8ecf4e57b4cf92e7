"""What the revocation data embedded in a document (the DSS and the signature's
adbe-revocationInfoArchival attribute) says about one certificate.

pyHanko decides trust; this module is the independent second look that the report needs
in words ("revoked on …, before the time-stamped signing time") and that the verdict uses
to compare the revocation time with the time-stamp's genTime itself. Only CRLs and OCSP
responses whose signature verifies with the certificate's issuer (or an OCSP responder the
issuer delegated to) count, so a forged CRL inside a document cannot make a good signature
look revoked.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class RevocationEvidence:
    der: bytes
    kind: str  # "CRL" | "OCSP"
    location: str  # "DSS" | "signature"

    @cached_property
    def crl(self) -> x509.CertificateRevocationList | None:
        try:
            return x509.load_der_x509_crl(self.der)
        except ValueError:
            return None

    @cached_property
    def ocsp(self) -> ocsp.OCSPResponse | None:
        try:
            response = ocsp.load_der_ocsp_response(self.der)
            if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
                return None
            response.responses  # noqa: B018  (parse now: a malformed body raises here, not later)
        except ValueError:
            return None
        return response


@dataclass
class Finding:
    status: str  # "good" | "revoked" | "none"
    revoked_at: datetime | None = None
    reason: str = ""
    source: str = ""
    issued_at: datetime | None = None
    location: str = ""
    produced_at: datetime | None = None  # OCSP producedAt
    next_update: datetime | None = None


def _verify(public_key, signature: bytes, data: bytes, hash_algorithm) -> bool:
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), hash_algorithm)
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(hash_algorithm))
        elif isinstance(public_key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
            public_key.verify(signature, data)
        else:
            return False
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer`` signed ``cert``. Verified directly with the issuer's key rather than
    with ``verify_directly_issued_by``, which refuses SHA-1 (old Estonian CAs signed with it;
    the policy decides whether SHA-1 is acceptable, not this check)."""
    if cert.issuer != issuer.subject:
        return False
    try:
        hash_algorithm = cert.signature_hash_algorithm
        return _verify(issuer.public_key(), cert.signature, cert.tbs_certificate_bytes, hash_algorithm)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return False


def _crl_finding(item: RevocationEvidence, cert: x509.Certificate, issuer: x509.Certificate) -> Finding | None:
    crl = item.crl
    location = item.location
    if crl is None or crl.issuer != issuer.subject:
        return None
    try:
        if not _verify(issuer.public_key(), crl.signature, crl.tbs_certlist_bytes, crl.signature_hash_algorithm):
            return None
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return None
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if entry is None:
        return Finding(
            "good", source="CRL", issued_at=crl.last_update_utc, location=location, next_update=crl.next_update_utc
        )
    reason = ""
    try:
        reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.name
    except x509.ExtensionNotFound:
        pass
    return Finding(
        "revoked",
        revoked_at=entry.revocation_date_utc,
        reason=reason,
        source="CRL",
        issued_at=crl.last_update_utc,
        location=location,
        next_update=crl.next_update_utc,
    )


def _ocsp_signed_by_issuer_or_delegate(
    response,
    issuer: x509.Certificate,
    known_certs: list[x509.Certificate],
    trusted_responders: list[x509.Certificate] = (),
) -> bool:
    # A responder on the trusted list answers as such, whoever certified it (SK's responders
    # are certified by the root, not by the issuing CA).
    candidates = [issuer, *trusted_responders]
    for responder in [*response.certificates, *known_certs]:
        try:
            eku = responder.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING in eku and _issued_by(responder, issuer):
            candidates.append(responder)
    for candidate in candidates:
        if response.responder_name is not None and response.responder_name != candidate.subject:
            continue
        if (
            response.responder_key_hash is not None
            and hashlib.sha1(_key_bits(candidate)).digest() != response.responder_key_hash  # noqa: S324
        ):
            continue
        if _verify(
            candidate.public_key(), response.signature, response.tbs_response_bytes, response.signature_hash_algorithm
        ):
            return True
    return False


def _key_bits(cert: x509.Certificate) -> bytes:
    """The subjectPublicKey BIT STRING contents: what RFC 6960 key hashes are taken over."""
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return asn1_keys.PublicKeyInfo.load(spki)["public_key"].contents[1:]


def _ocsp_finding(
    item: RevocationEvidence,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    known_certs: list[x509.Certificate],
    trusted_responders: list[x509.Certificate] = (),
) -> Finding | None:
    response = item.ocsp
    if response is None:
        return None
    location = item.location
    issuer_key_bits = None
    for single in response.responses:
        if single.serial_number != cert.serial_number:
            continue
        if issuer_key_bits is None:
            issuer_key_bits = _key_bits(issuer)
        digest = hashes.Hash(single.hash_algorithm)
        digest.update(issuer_key_bits)
        if digest.finalize() != single.issuer_key_hash:
            continue
        if not _ocsp_signed_by_issuer_or_delegate(response, issuer, known_certs, trusted_responders):
            return None
        status = single.certificate_status
        produced = response.produced_at_utc
        if status == ocsp.OCSPCertStatus.GOOD:
            return Finding(
                "good",
                source="OCSP",
                issued_at=single.this_update_utc,
                location=location,
                produced_at=produced,
                next_update=single.next_update_utc,
            )
        if status == ocsp.OCSPCertStatus.REVOKED:
            reason = single.revocation_reason.name if single.revocation_reason else ""
            return Finding(
                "revoked",
                revoked_at=single.revocation_time_utc,
                reason=reason,
                source="OCSP",
                issued_at=single.this_update_utc,
                location=location,
                produced_at=produced,
                next_update=single.next_update_utc,
            )
        return None
    return None


def assess(
    cert: x509.Certificate,
    issuer: x509.Certificate | None,
    evidence: list[RevocationEvidence],
    known_certs: list[x509.Certificate] = (),
    trusted_responders: list[x509.Certificate] = (),
) -> Finding:
    """The revocation status of ``cert`` according to the embedded evidence: the earliest
    revocation any verified CRL/OCSP response reports, else the freshest "good".
    ``known_certs`` (e.g. the DSS certificates) may hold a delegated OCSP responder;
    ``trusted_responders`` are OCSP services of the trusted list."""
    if issuer is None:
        return Finding("none")
    revoked: list[Finding] = []
    good: list[Finding] = []
    for item in evidence:
        if item.kind == "CRL":
            finding = _crl_finding(item, cert, issuer)
        else:
            finding = _ocsp_finding(item, cert, issuer, list(known_certs), list(trusted_responders))
        if finding is None:
            continue
        (revoked if finding.status == "revoked" else good).append(finding)
    if revoked:
        return min(revoked, key=lambda f: f.revoked_at)
    if good:
        return max(good, key=lambda f: f.issued_at)
    return Finding("none")


def find_issuer(cert: x509.Certificate, candidates: list[x509.Certificate]) -> x509.Certificate | None:
    for candidate in candidates:
        if candidate.subject == cert.issuer and _issued_by(cert, candidate):
            return candidate
    return None
