"""The trust services the data exchange layer borrows, registered at start-up.

``exchange`` sits below ``trust`` (import-linter), so it cannot call it; this module hands it
three functions (see docs/contracts.md, "Data exchange"):

- sealing a member-API answer with the provider agency's seal: a detached CMS SignedData
  (RFC 5652) over the exact body bytes, carrying the seal certificate and its CA chain, so
  ``openssl cms -verify -binary -content body.json -inform DER -in body.p7s`` checks it;
- time-stamping bytes with this deployment's TSA (an RFC 3161 TimeStampResp over SHA-256,
  with the TSA's certificates), for the message-log batches and the journal's anchors;
- signing an agreement PDF with the responsible official's own digital ID (PAdES, PIN2).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from typing import Any

from asn1crypto import algos, tsp
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.utils.translation import gettext as _

from trust.exceptions import CertificateNotUsable, TrustError
from trust.keystore import get_keystore
from trust.models import Credential
from trust.services.signing import seal_certificate
from trust.services.tsa import tsa_identity, tsa_token_response

# The seal, its chain and key per seal name, looked up again after SEAL_RECHECK_SECONDS so
# that a suspended or revoked seal stops sealing within that time (every answer is sealed,
# so a database read and a key decryption per answer would dominate the member API).
SEAL_RECHECK_SECONDS = 30.0
_seals: dict[str, tuple[float, Any, Any, list]] = {}
_seals_lock = threading.Lock()


def _seal_material(seal: str) -> tuple[Any, Any, list]:
    now = time.monotonic()
    with _seals_lock:
        cached = _seals.get(seal)
    if cached is not None and now - cached[0] < SEAL_RECHECK_SECONDS:
        return cached[1], cached[2], cached[3]
    certificate = seal_certificate(seal)
    key = get_keystore().get(certificate.key_name)
    chain = [certificate.issuer.certificate.x509()]
    if certificate.issuer.parent_id:
        chain.append(certificate.issuer.parent.certificate.x509())
    with _seals_lock:
        _seals[seal] = (now, certificate.x509(), key, chain)
    return certificate.x509(), key, chain


def forget_seals() -> None:
    with _seals_lock:
        _seals.clear()


def seal_bytes(body: bytes, seal: str) -> bytes:
    """Detached CMS signature (DER) over ``body`` with the agency's seal and its chain."""
    from exchange.exceptions import SealUnavailable

    try:
        cert, key, chain = _seal_material(seal)
    except TrustError as error:  # the seal is suspended, revoked, expired or missing
        raise SealUnavailable("seal_unavailable", str(error), status=503) from error
    builder = pkcs7.PKCS7SignatureBuilder().set_data(body).add_signer(cert, key, hashes.SHA256())
    for ca in chain:
        builder = builder.add_certificate(ca)
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])


def timestamp_bytes(data: bytes) -> bytes:
    """A DER TimeStampResp from this deployment's TSA over SHA-256(``data``)."""
    request = tsp.TimeStampReq(
        {
            "version": "v1",
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "hashed_message": hashlib.sha256(data).digest(),
            },
            "nonce": secrets.randbits(63),
            "cert_req": True,
        }
    )
    return tsa_token_response(tsa_identity(), request)


def sign_as_official(pdf: bytes, *, signer: Any, pin2: str, reason: str) -> bytes:
    """Sign with the official's newest digital ID whose signing key is usable."""
    from exchange.exceptions import AgreementError
    from trust.services import sign_pdf

    credential = Credential.objects.filter(holder=signer).order_by("-created_at", "-id").first()
    try:
        if credential is None:
            raise CertificateNotUsable(_("You hold no digital ID to sign with."))
        return sign_pdf(pdf_bytes=pdf, credential=credential, pin2=pin2, actor=signer, reason=reason)
    except TrustError as error:  # wrong or blocked PIN, PIN2 not yet changed, no usable ID
        raise AgreementError("signing", str(error), status=400) from error


def register() -> None:
    from exchange.registry import register_agreement_signer, register_response_sealer, register_timestamper

    register_response_sealer(seal_bytes)
    register_timestamper(timestamp_bytes)
    register_agreement_signer(sign_as_official)
