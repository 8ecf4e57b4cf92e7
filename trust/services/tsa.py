"""RFC 3161 time-stamping authority.

``tsa_identity()`` loads the TSA certificate and key (database and key store);
``tsa_token_response`` builds a reply from a parsed request without touching the database,
so pyHanko can call it from inside its event loop (see ``signing.LocalTimeStamper``).
Bad requests get a PKIStatus rejection with a failInfo, never an exception.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from datetime import UTC, datetime

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute

from trust.constants import CertificateKind, CertificateStatus, tsa_policy_oid
from trust.exceptions import HierarchyMissing
from trust.keystore import get_keystore
from trust.models import Certificate

logger = logging.getLogger(__name__)

# Digest algorithms accepted in a MessageImprint, with their output length.
ACCEPTED_DIGESTS = {"sha256": 32, "sha384": 48, "sha512": 64}


class _Response(core.Sequence):
    """TimeStampResp with the token optional, as RFC 3161 has it (asn1crypto's is strict)."""

    _fields = [
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


class TsaIdentity:
    """The TSA's certificate, chain and key, with the constant parts of every token
    pre-encoded once (asn1crypto re-encodes copied names slowly)."""

    def __init__(
        self, *, cert_der: bytes, issuer_ders: tuple[bytes, ...], key: ec.EllipticCurvePrivateKey, policy: str
    ):
        self.cert = asn1_x509.Certificate.load(cert_der)
        self.issuer_certs = tuple(asn1_x509.Certificate.load(der) for der in issuer_ders)
        self.key = key
        self.policy = policy
        self.fingerprint = hashlib.sha256(cert_der).hexdigest()
        self._tsa_name = asn1_x509.GeneralName(name="directory_name", value=self.cert.subject).dump()
        self._signing_certificate = simple_cms_attribute(
            "signing_certificate_v2", as_signing_certificate_v2(self.cert, "sha256")
        ).dump()
        self._sid = cms.SignerIdentifier(
            name="issuer_and_serial_number",
            value={"issuer": self.cert.issuer, "serial_number": self.cert.serial_number},
        ).dump()
        self._timestamper = None

    def tsa_name(self) -> asn1_x509.GeneralName:
        return asn1_x509.GeneralName.load(self._tsa_name)

    def signing_certificate_attribute(self) -> cms.CMSAttribute:
        return cms.CMSAttribute.load(self._signing_certificate)

    def sid(self) -> cms.SignerIdentifier:
        return cms.SignerIdentifier.load(self._sid)


_identities: dict[tuple[str, str], TsaIdentity] = {}
_identities_lock = threading.Lock()


def tsa_identity() -> TsaIdentity:
    """The current TSA (cached per process while its certificate and key stay the same)."""
    row = (
        Certificate.objects.select_related("issuer__certificate")
        .filter(kind=CertificateKind.TSA, status=CertificateStatus.VALID)
        .order_by("-not_after")
        .first()
    )
    if row is None:
        raise HierarchyMissing()
    ident = (row.fingerprint_sha256, row.key_name)
    with _identities_lock:
        identity = _identities.get(ident)
    if identity is None or identity.policy != tsa_policy_oid():
        identity = TsaIdentity(
            cert_der=bytes(row.der),
            issuer_ders=(bytes(row.issuer.certificate.der),),
            key=get_keystore().get(row.key_name),
            policy=tsa_policy_oid(),
        )
        with _identities_lock:
            _identities[ident] = identity
    return identity


def rejection(fail_info: str, text: str) -> bytes:
    return _Response({"status": {"status": "rejection", "status_string": [text], "fail_info": {fail_info}}}).dump()


def _problem(req: tsp.TimeStampReq, policy: str) -> tuple[str, str] | None:
    if req["version"].native != "v1":
        return "bad_request", "Only version 1 requests are supported."
    imprint = req["message_imprint"]
    algorithm = imprint["hash_algorithm"]["algorithm"].native
    if algorithm not in ACCEPTED_DIGESTS:
        return "bad_alg", f"Digest algorithm {algorithm} is not accepted."
    if len(imprint["hashed_message"].native) != ACCEPTED_DIGESTS[algorithm]:
        return "bad_data_format", "The message imprint has the wrong length for its algorithm."
    if req["req_policy"].native is not None and req["req_policy"].dotted != policy:
        return "unaccepted_policy", f"Only policy {policy} is offered."
    if req["extensions"].native:
        return "unaccepted_extensions", "Request extensions are not supported."
    return None


def _sorted_attributes(attributes: list[cms.CMSAttribute]) -> cms.CMSAttributes:
    # DER orders a SET OF by encoding; OpenSSL re-encodes before verifying, so sort here.
    return cms.CMSAttributes(sorted(attributes, key=lambda attr: attr.dump()))


def tsa_token_response(identity: TsaIdentity, req: tsp.TimeStampReq, *, now: datetime | None = None) -> bytes:
    """A DER TimeStampResp for a parsed request (granted, or a rejection)."""
    problem = _problem(req, identity.policy)
    if problem is not None:
        return rejection(*problem)
    gen_time = (now or datetime.now(tz=UTC)).astimezone(UTC).replace(microsecond=0)
    info = {
        "version": "v1",
        "policy": identity.policy,
        "message_imprint": req["message_imprint"],
        "serial_number": secrets.randbits(126) + 1,
        "gen_time": gen_time,
        "accuracy": {"seconds": 1},
        "tsa": identity.tsa_name(),
    }
    if req["nonce"].native is not None:
        info["nonce"] = req["nonce"].native
    tst_der = tsp.TSTInfo(info).dump()
    digest = hashes.Hash(hashes.SHA256())
    digest.update(tst_der)
    signed_attrs = _sorted_attributes(
        [
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"generalized_time": gen_time})),
            simple_cms_attribute("message_digest", digest.finalize()),
            identity.signing_certificate_attribute(),
        ]
    )
    signature = identity.key.sign(signed_attrs.dump(), ec.ECDSA(hashes.SHA256()))
    sha256 = algos.DigestAlgorithm({"algorithm": "sha256"})
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": identity.sid(),
            "digest_algorithm": sha256,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
            "signed_attrs": signed_attrs,
            "signature": signature,
        }
    )
    signed_data = {
        "version": "v3",
        "digest_algorithms": [sha256],
        "encap_content_info": {"content_type": "tst_info", "content": cms.ParsableOctetString(tst_der)},
        "signer_infos": [signer_info],
    }
    if req["cert_req"].native:
        signed_data["certificates"] = [identity.cert, *identity.issuer_certs]
    token = cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData(signed_data)})
    return _Response({"status": {"status": "granted"}, "time_stamp_token": token}).dump()


def tsa_respond(request_der: bytes, *, now: datetime | None = None) -> bytes:
    """The HTTP endpoint's work: DER TimeStampReq in, DER TimeStampResp out, never an exception."""
    try:
        req = tsp.TimeStampReq.load(request_der, strict=True)
        req.native  # noqa: B018  parse every field now, so garbage is rejected here
    except Exception:
        return rejection("bad_data_format", "The request is not a DER TimeStampReq.")
    try:
        return tsa_token_response(tsa_identity(), req, now=now)
    except Exception:
        logger.exception("TSA failed")
        return rejection("system_failure", "The time-stamping service is unavailable.")
