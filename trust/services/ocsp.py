"""OCSP responder (RFC 6960).

Each issuing CA's certificates are answered by its delegated responder certificate
(id-kp-OCSPSigning, id-pkix-ocsp-nocheck); certificates issued by the root (the issuing CAs
and the TSA) are answered by the root key itself. Answers: good, revoked (with time and
reason; a suspension is revoked/certificateHold) or unknown. A request nonce is echoed.
"""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from django.utils import timezone

from trust.constants import OCSP_RESPONSE_VALIDITY, CertificateStatus, RevocationReason
from trust.keystore import get_keystore
from trust.models import Certificate, CertificateAuthority
from trust.services.profiles import hash_for

logger = logging.getLogger(__name__)

_HASHES = {"SHA1": hashes.SHA1, "SHA256": hashes.SHA256, "SHA384": hashes.SHA384, "SHA512": hashes.SHA512}


@dataclass(frozen=True)
class _Issuer:
    ca: CertificateAuthority
    cert: x509.Certificate


@functools.lru_cache(maxsize=64)
def _issuer_hashes(ca_der: bytes, algorithm_name: str) -> tuple[bytes, bytes]:
    algorithm = _HASHES[algorithm_name.upper()]()
    parsed = asn1_x509.Certificate.load(ca_der)
    name_digest = hashes.Hash(algorithm)
    name_digest.update(parsed.subject.dump())
    key_digest = hashes.Hash(algorithm)
    # The hash covers the subjectPublicKey BIT STRING's value, without its unused-bits byte.
    key_digest.update(parsed.public_key["public_key"].contents[1:])
    return name_digest.finalize(), key_digest.finalize()


def issuer_hashes(ca_der: bytes, algorithm: hashes.HashAlgorithm) -> tuple[bytes, bytes]:
    """(issuerNameHash, issuerKeyHash) of a CA certificate, as in an OCSP CertID."""
    return _issuer_hashes(bytes(ca_der), algorithm.name)


def _issuer_for(name_hash: bytes, key_hash: bytes, algorithm: hashes.HashAlgorithm) -> _Issuer | None:
    for ca in CertificateAuthority.objects.select_related("certificate", "ocsp_responder"):
        if issuer_hashes(bytes(ca.certificate.der), algorithm) == (name_hash, key_hash):
            return _Issuer(ca=ca, cert=ca.certificate.x509())
    return None


_signing_keys: dict[tuple[str, str], object] = {}
_signing_keys_lock = threading.Lock()


def _signing_key(fingerprint: str, key_name: str) -> object:
    """The responder's key, read from the key store once per process for a given certificate
    (every signature embeds a fresh OCSP response, so this is on the signing path)."""
    ident = (fingerprint, key_name)
    with _signing_keys_lock:
        key = _signing_keys.get(ident)
    if key is None:
        key = get_keystore().get(key_name)
        with _signing_keys_lock:
            _signing_keys[ident] = key
    return key


def _signer(issuer: _Issuer) -> tuple[x509.Certificate, object, list[x509.Certificate]]:
    """(responder certificate, its private key, certificates to include)."""
    responder = issuer.ca.ocsp_responder
    if responder is None:
        return issuer.cert, _signing_key(issuer.ca.certificate.fingerprint_sha256, issuer.ca.key_name), []
    cert = responder.x509()
    return cert, _signing_key(responder.fingerprint_sha256, responder.key_name), [cert]


def _unsuccessful(status: ocsp.OCSPResponseStatus) -> bytes:
    return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(serialization.Encoding.DER)


def ocsp_malformed() -> bytes:
    return _unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)


def ocsp_response_for(
    *,
    issuer_name_hash: bytes,
    issuer_key_hash: bytes,
    serial_number: int,
    algorithm: hashes.HashAlgorithm,
    nonce: bytes | None = None,
    now: datetime | None = None,
) -> bytes:
    """A signed OCSP response about one certificate, identified as in a CertID."""
    issuer = _issuer_for(issuer_name_hash, issuer_key_hash, algorithm)
    if issuer is None:
        return _unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED)
    now = (now or timezone.now()).replace(microsecond=0)
    cert = (
        Certificate.objects.filter(issuer=issuer.ca, serial_hex=f"{serial_number:x}")
        .only("status", "held_at", "revoked_at", "revocation_reason")
        .first()
    )
    revocation_time = revocation_reason = None
    if cert is None or cert.status == CertificateStatus.NEW:
        status = ocsp.OCSPCertStatus.UNKNOWN
    elif cert.status == CertificateStatus.VALID:
        status = ocsp.OCSPCertStatus.GOOD
    elif cert.status == CertificateStatus.ON_HOLD:
        status = ocsp.OCSPCertStatus.REVOKED
        revocation_time, revocation_reason = cert.held_at, x509.ReasonFlags.certificate_hold
    else:
        status = ocsp.OCSPCertStatus.REVOKED
        revocation_time = cert.revoked_at
        reason = cert.revocation_reason or RevocationReason.UNSPECIFIED
        revocation_reason = None if reason == RevocationReason.UNSPECIFIED else RevocationReason(reason).flag
    if revocation_time is not None:
        revocation_time = revocation_time.replace(microsecond=0)
    responder_cert, responder_key, include = _signer(issuer)
    builder = (
        ocsp.OCSPResponseBuilder()
        .add_response_by_hash(
            issuer_name_hash=issuer_name_hash,
            issuer_key_hash=issuer_key_hash,
            serial_number=serial_number,
            algorithm=algorithm,
            cert_status=status,
            this_update=now,
            next_update=now + OCSP_RESPONSE_VALIDITY,
            revocation_time=revocation_time,
            revocation_reason=revocation_reason,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, responder_cert)
    )
    if include:
        builder = builder.certificates(include)
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.sign(responder_key, hash_for(responder_key)).public_bytes(serialization.Encoding.DER)


def ocsp_respond(request_der: bytes, *, now: datetime | None = None) -> bytes:
    """Answer a DER OCSPRequest with a DER OCSPResponse; never raises on bad input."""
    try:
        request = ocsp.load_der_ocsp_request(request_der)
        algorithm = _HASHES[request.hash_algorithm.name.upper()]()
        nonce = None
        for extension in request.extensions:
            if isinstance(extension.value, x509.OCSPNonce):
                nonce = extension.value.nonce
        issuer_name_hash, issuer_key_hash, serial = (
            request.issuer_name_hash,
            request.issuer_key_hash,
            request.serial_number,
        )
    except Exception:  # any parse failure (several requests, unknown hash, garbage) is malformed
        return _unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
    try:
        return ocsp_response_for(
            issuer_name_hash=issuer_name_hash,
            issuer_key_hash=issuer_key_hash,
            serial_number=serial,
            algorithm=algorithm,
            nonce=nonce,
            now=now,
        )
    except Exception:
        logger.exception("OCSP responder failed")
        return _unsuccessful(ocsp.OCSPResponseStatus.INTERNAL_ERROR)


# Like an RFC 5019 responder's pre-produced responses: a response embedded in a signature may
# be reused, keyed by the certificate's current status row (so any suspension or revocation
# produces a new response at once), but only when it was produced no earlier than the caller
# allows: a signature needs a response produced after its time-stamp (SiVa's freshness rule),
# so in practice only signatures time-stamped within the same second share one.
EMBEDDED_RESPONSE_REUSE = timedelta(seconds=30)
_embedded: dict[tuple, tuple[datetime, bytes]] = {}
_embedded_lock = threading.Lock()


def ocsp_response_for_certificate(
    certificate: Certificate, *, now: datetime | None = None, produced_not_before: datetime | None = None
) -> bytes:
    """A response about one of our certificates (for embedding in signed documents), produced
    no earlier than ``produced_not_before`` (whole seconds, as producedAt; default: now)."""
    name_hash, key_hash = issuer_hashes(bytes(certificate.issuer.certificate.der), hashes.SHA256())
    cache_key = None
    if now is None:
        status_row = (
            Certificate.objects.filter(pk=certificate.pk)
            .values_list("status", "held_at", "revoked_at", "revocation_reason")
            .first()
        )
        cache_key = (certificate.fingerprint_sha256, status_row)
        produced = timezone.now().replace(microsecond=0)
        floor = (produced_not_before or produced).replace(microsecond=0)
        with _embedded_lock:
            hit = _embedded.get(cache_key)
        if hit is not None and floor <= hit[0] and produced - hit[0] < EMBEDDED_RESPONSE_REUSE:
            return hit[1]
    response = ocsp_response_for(
        issuer_name_hash=name_hash,
        issuer_key_hash=key_hash,
        serial_number=certificate.serial_number,
        algorithm=hashes.SHA256(),
        now=now,
    )
    if cache_key is not None:
        with _embedded_lock:
            if len(_embedded) > 10_000:
                _embedded.clear()
            _embedded[cache_key] = (produced, response)
    return response
