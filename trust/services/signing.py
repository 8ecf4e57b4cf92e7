"""PAdES signing with people's keys (baseline B-LT) and agencies' seals (B-LTA).

Everything a validator needs later is produced in-process and embedded: the signature
timestamp comes from this deployment's TSA (``LocalTimeStamper``, no HTTP to ourselves), and
an OCSP response for the signer plus the root's CRL (covering the issuing CAs and the TSA)
go into the document security store, so the file validates offline for years. Each
signature is an incremental update, so several people can sign the same PDF in turn.

pyHanko runs its own event loop: everything that reads the database is done before it starts.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import uuid
from io import BytesIO
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter, enumerate_sig_fields
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, PdfTimeStamper, SimpleSigner
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from audit.services import journal_record
from audit.types import ActorLike
from trust import events
from trust.constants import ROOT_SLUG, CertificateKind
from trust.exceptions import CertificateNotUsable, HierarchyMissing, TrustError, VisibleSignatureUnavailable
from trust.keystore import get_keystore
from trust.models import Certificate, CertificateAuthority, Credential
from trust.services.crl import crl_current
from trust.services.custody import signing_key_unlock
from trust.services.ocsp import ocsp_response_for_certificate
from trust.services.tsa import TsaIdentity, tsa_identity, tsa_token_response

logger = logging.getLogger(__name__)


class _KnownOffline(logging.Filter):
    """pyHanko warns on every signature that fetching is off; here that is the design."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_KnownOffline())

STAMP_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SEALS_LTA = True
Box = tuple[int, int, int, int]


class LocalTimeStamper(TimeStamper):
    """pyHanko's TimeStamper, answered by this deployment's TSA in-process."""

    def __init__(self, identity: TsaIdentity) -> None:
        super().__init__(include_nonce=True)
        self.identity = identity

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return tsp.TimeStampResp.load(tsa_token_response(self.identity, req))


def local_timestamper(identity: TsaIdentity) -> LocalTimeStamper:
    """One timestamper per TSA identity, so pyHanko's size-estimation dummy token is reused."""
    if identity._timestamper is None:
        identity._timestamper = LocalTimeStamper(identity)
    return identity._timestamper


@functools.lru_cache(maxsize=256)
def _asn1_from_der(der: bytes) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(der)


def _asn1(certificate: Certificate) -> asn1_x509.Certificate:
    """Parsed once per process: CA and TSA certificates are on every signature's path."""
    return _asn1_from_der(bytes(certificate.der))


def _root() -> CertificateAuthority:
    root = CertificateAuthority.objects.select_related("certificate").filter(slug=ROOT_SLUG).first()
    if root is None:
        raise HierarchyMissing()
    return root


def signing_validation_context(
    *, certificate: Certificate, identity: TsaIdentity, root: CertificateAuthority | None = None
) -> ValidationContext:
    """Trust this deployment's root; hold a fresh OCSP response for the signer (it carries
    the delegated responder's certificate) and the root CRL, which covers the issuing CAs
    and the TSA. Nothing is fetched. (For checking a signed file; signing itself embeds its
    revocation data after the time-stamp, see ``sign_with_key``.)"""
    root = root or _root()
    chain = [_asn1(certificate.issuer.certificate)] if certificate.issuer_id != root.pk else []
    return ValidationContext(
        trust_roots=[_asn1(root.certificate)],
        other_certs=[*chain, identity.cert],
        crls=[crl_current(ca=root)],
        ocsps=[ocsp_response_for_certificate(certificate)],
        allow_fetching=False,
        revocation_mode="hard-fail",
    )


def _timestamp_context(*, identity: TsaIdentity, root: CertificateAuthority, root_crl: bytes) -> ValidationContext:
    """What pyHanko needs to embed the document time-stamp's revocation data (root CRL)."""
    return ValidationContext(
        trust_roots=[_asn1(root.certificate)],
        other_certs=[identity.cert],
        crls=[root_crl],
        allow_fetching=False,
        revocation_mode="hard-fail",
    )


def _embed_revocation_data(
    output: BytesIO,
    *,
    certificate: Certificate,
    issuer_chain: list[asn1_x509.Certificate],
    identity: TsaIdentity,
    root_crl: bytes,
) -> None:
    """The LT step: a DSS update with an OCSP response produced after the signature's
    time-stamp (SiVa's freshness rule), the root CRL and the chain, so the file validates
    offline. Called once the signature (with its time-stamp) is written."""
    stamped_by = timezone.now()  # not earlier than the time-stamp's genTime
    response = ocsp_response_for_certificate(certificate, produced_not_before=stamped_by)
    DocumentSecurityStore.add_dss(
        output,
        None,
        certs=[*issuer_chain, identity.cert, *_responder_certs(response)],
        ocsps=[asn1_ocsp.OCSPResponse.load(response)],
        crls=[asn1_crl.CertificateList.load(root_crl)],
        strict=False,
    )


def _responder_certs(response: bytes) -> list[asn1_x509.Certificate]:
    basic = asn1_ocsp.OCSPResponse.load(response)["response_bytes"]["response"].parsed
    return list(basic["certs"] or [])


def _stamp(visible_box: Box | None, field_name: str | None, page: int) -> dict[str, Any]:
    if visible_box is None:
        return {}
    if importlib.util.find_spec("uharfbuzz") is None:
        raise VisibleSignatureUnavailable()
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    style = TextStampStyle(
        stamp_text=_("Digitally signed by %(signer)s") + "\n%(ts)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(STAMP_FONT, font_size=8)),
        timestamp_format="%Y-%m-%d %H:%M:%S %Z",
    )
    return {"stamp_style": style, "new_field_spec": SigFieldSpec(field_name, box=visible_box, on_page=page)}


def _free_field_name(writer: IncrementalPdfFileWriter) -> str:
    taken = {name for name, _value, _ref in enumerate_sig_fields(writer.prev)}
    number = len(taken) + 1
    while f"Signature{number}" in taken:
        number += 1
    return f"Signature{number}"


def sign_with_key(
    pdf_bytes: bytes,
    *,
    private_key: ec.EllipticCurvePrivateKey,
    certificate: Certificate,
    lta: bool,
    reason: str = "",
    location: str = "",
    field_name: str | None = None,
    visible_box: Box | None = None,
    page: int = 0,
) -> bytes:
    """Add one PAdES signature (B-LT, or B-LTA with ``lta``) made with ``private_key``."""
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    except (PdfError, ValueError) as exc:
        raise TrustError(_("The file is not a PDF that can be signed: %(error)s") % {"error": exc})
    field_name = field_name or _free_field_name(writer)
    extra = _stamp(visible_box, field_name, page)
    identity = tsa_identity()
    issuer = certificate.issuer
    root = issuer.parent if issuer.parent_id is not None else issuer
    root_crl = crl_current(ca=root)
    issuer_chain = [_asn1(issuer.certificate), _asn1(root.certificate)] if issuer != root else [_asn1(root.certificate)]
    der_key = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = SimpleSigner(
        signing_cert=_asn1(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(issuer_chain),
    )
    # B-T first (signature + signature time-stamp); the revocation data goes in afterwards,
    # so the OCSP response is produced after the time-stamp, as pyHanko's LT flow allows.
    meta = PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        embed_validation_info=False,
        reason=reason or None,
        location=location or None,
    )
    timestamper = local_timestamper(identity)
    try:
        output = PdfSigner(meta, signer, timestamper=timestamper, **extra).sign_pdf(writer)
        _embed_revocation_data(
            output, certificate=certificate, issuer_chain=issuer_chain, identity=identity, root_crl=root_crl
        )
        if lta:
            output.seek(0)
            PdfTimeStamper(timestamper).timestamp_pdf(
                IncrementalPdfFileWriter(output, strict=False),
                "sha256",
                validation_context=_timestamp_context(identity=identity, root=root, root_crl=root_crl),
                in_place=True,
            )
    except (PdfError, SigningError) as exc:
        raise TrustError(_("The file is not a PDF that can be signed: %(error)s") % {"error": exc})
    return output.getvalue()


def _credential(credential: Credential | uuid.UUID | str) -> Credential:
    if isinstance(credential, Credential):
        return credential
    try:
        return Credential.objects.get(code=credential)
    except (Credential.DoesNotExist, ValueError, ValidationError):
        raise TrustError(_("No such credential."))


def sign_pdf(
    *,
    pdf_bytes: bytes,
    credential: Credential | uuid.UUID | str,
    pin2: str,
    actor: ActorLike,
    reason: str = "",
    location: str = "",
    field_name: str | None = None,
    visible_box: Box | None = None,
    page: int = 0,
) -> bytes:
    """Sign a PDF with the holder's signing key (PAdES B-LT), unlocked with PIN2.

    Raises ``CertificateNotUsable``, ``PinChangeRequired``, ``WrongPin`` (with ``tries_left``),
    ``PinBlocked``, ``InvalidPinFormat`` or ``TrustError`` (not a PDF). Must not be called inside
    ``transaction.atomic()`` (the PIN try counter has to survive a failure).
    """
    credential = _credential(credential)
    private_key, certificate = signing_key_unlock(credential=credential, pin2=pin2)
    signed = sign_with_key(
        pdf_bytes,
        private_key=private_key,
        certificate=certificate,
        lta=False,
        reason=reason,
        location=location,
        field_name=field_name,
        visible_box=visible_box,
        page=page,
    )
    journal_record(
        actor=actor,
        action=events.DOCUMENT_SIGNED,
        subject=credential,
        data={
            "certificate": certificate.serial_hex,
            "input_sha256": hashlib.sha256(pdf_bytes).hexdigest(),
            "output_sha256": hashlib.sha256(signed).hexdigest(),
        },
    )
    return signed


def seal_certificate(seal: str) -> Certificate:
    certificate = (
        Certificate.objects.select_related("issuer__certificate", "issuer__parent__certificate")
        .filter(kind=CertificateKind.SEAL, seal=seal)
        .order_by("-not_after")
        .first()
    )
    if certificate is None:
        if not CertificateAuthority.objects.exists():
            raise HierarchyMissing()
        raise TrustError(_("There is no seal called %(seal)s.") % {"seal": seal})
    if not certificate.is_usable():
        raise CertificateNotUsable()
    return certificate


def seal_pdf(
    pdf_bytes: bytes,
    *,
    seal: str = "system",
    actor: ActorLike = None,
    reason: str = "",
    location: str = "",
    field_name: str | None = None,
    visible_box: Box | None = None,
    page: int = 0,
) -> bytes:
    """Seal a PDF with an agency's organisation certificate, then close it with a document
    timestamp (PAdES B-LTA). ``seal`` is "identity_board", "business_register", "tax_board" or "system"."""
    certificate = seal_certificate(seal)
    private_key = get_keystore().get(certificate.key_name)
    sealed = sign_with_key(
        pdf_bytes,
        private_key=private_key,
        certificate=certificate,
        lta=SEALS_LTA,
        reason=reason,
        location=location,
        field_name=field_name,
        visible_box=visible_box,
        page=page,
    )
    journal_record(
        actor=actor or f"seal:{seal}",
        action=events.DOCUMENT_SEALED,
        subject=certificate,
        data={
            "input_sha256": hashlib.sha256(pdf_bytes).hexdigest(),
            "output_sha256": hashlib.sha256(sealed).hexdigest(),
        },
    )
    return sealed
