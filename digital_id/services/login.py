"""Login with the digital ID: challenge, signature with the authentication key, OCSP.

What a card reader and the ID software do, done server-side with the keys the trust
services hold for the holder:

1. a fresh random challenge is stored server-side (single use, valid for minutes);
2. the trust services sign it with the authentication key, unlocked with PIN1
   (``credential_authenticate``: three wrong PINs block it);
3. the challenge is consumed (an UPDATE that succeeds only once, before its expiry);
4. the signature is verified against the public key in the authentication certificate;
5. a real OCSP request (``OCSPRequestBuilder``, with a nonce) is answered in-process by the
   trust OCSP responder; the response's signature, responder, nonce, serial and freshness
   are checked, and only "good" is accepted.

Refusals say exactly why and what to do (``LoginRefused``).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import journal_record
from digital_id import constants, events
from digital_id.constants import IdState
from digital_id.dates import tallinn_date
from digital_id.exceptions import LoginRefused
from digital_id.models import DigitalId, LoginChallenge

CLOCK_SKEW = timedelta(minutes=5)


def _certificate_refusal() -> str:
    return _(
        "The certificate status service says your authentication certificate is not valid (suspended or "
        "revoked). Sign in with your e-mail address and password and check “My digital ID”."
    )


def _refusal_for_state(did: DigitalId) -> str:
    """Why this card cannot log in, and what the holder can do."""
    if did.state == IdState.ACTIVE and not (did.expires_on and did.expires_on < tallinn_date()):
        return _certificate_refusal()
    if did.state == IdState.SUSPENDED:
        return _(
            "Your digital ID %(number)s is suspended, so it cannot be used to sign in. To use it again, visit a "
            "pick-up point with your travel document: an official resumes it after checking your identity. "
            "Meanwhile sign in with your e-mail address and password."
        ) % {"number": did.document_number}
    if did.state == IdState.REVOKED:
        return _(
            "Your digital ID %(number)s was revoked on %(date)s and can never be used again. Sign in with your "
            "e-mail address and password and apply for a new digital ID on the “My digital ID” page."
        ) % {"number": did.document_number, "date": timezone.localtime(did.revoked_at).strftime("%d.%m.%Y")}
    if did.state == IdState.EXPIRED or (did.expires_on and did.expires_on < tallinn_date()):
        return _(
            "Your digital ID %(number)s expired on %(date)s. Sign in with your e-mail address and password and "
            "apply for its renewal on the “My digital ID” page."
        ) % {
            "number": did.document_number,
            "date": (did.expires_on or tallinn_date()).strftime("%d.%m.%Y"),
        }
    return _(
        "Your digital ID %(number)s has not been handed over to you yet. Collect it at your pick-up point; "
        "until then sign in with your e-mail address and password."
    ) % {"number": did.document_number}


def card_for_login(personal_code: str) -> DigitalId:
    """The card to log in with: the active one, else the newest, to explain why not."""
    code = (personal_code or "").strip()
    order = Case(When(state=IdState.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField())
    did = (
        DigitalId.objects.filter(personal_code__code=code)
        .select_related("holder", "credential", "auth_certificate__issuer__certificate", "personal_code")
        .order_by(order, "-ordered_at")
        .first()
    )
    if did is None:
        raise LoginRefused(
            _("No digital ID is registered with this personal identification code. Check the 11 digits.")
        )
    if did.state != IdState.ACTIVE or (did.expires_on and did.expires_on < tallinn_date()):
        raise LoginRefused(_refusal_for_state(did))
    return did


def challenge_create(*, digital_id: DigitalId) -> LoginChallenge:
    now = timezone.now()
    return LoginChallenge.objects.create(
        digital_id=digital_id,
        value=secrets.token_bytes(32),
        created_at=now,
        expires_at=now + timedelta(seconds=constants.challenge_seconds()),
    )


def challenge_consume(challenge: LoginChallenge) -> bool:
    """True exactly once per challenge, and only before it expires."""
    now = timezone.now()
    return bool(
        LoginChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    )


def challenges_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    deleted, _rows = LoginChallenge.objects.filter(expires_at__lt=timezone.now() - older_than).delete()
    return deleted


def signature_verify(certificate: x509.Certificate, signature: bytes, challenge: bytes) -> bool:
    public_key = certificate.public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        return False
    try:
        public_key.verify(signature, challenge, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


class OcspProblem(Exception):
    pass


def _responder_for(response: ocsp.OCSPResponse, issuer: x509.Certificate) -> x509.Certificate:
    """The certificate that signed the response: the issuer itself or a delegated responder
    issued by it for OCSP signing (RFC 6960 §4.2.2.2)."""
    for candidate in response.certificates:
        try:
            candidate.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature):
            continue
        try:
            usages = candidate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING in usages:
            return candidate
    return issuer


def ocsp_status(certificate: x509.Certificate, issuer: x509.Certificate, *, now=None) -> ocsp.OCSPCertStatus:
    """Ask the trust OCSP responder (in-process, with a real DER request) about
    ``certificate``; verify the answer and return its status. Raises ``OcspProblem``."""
    from trust.services import ocsp_respond

    now = now or timezone.now()
    nonce = os.urandom(16)
    request = (
        ocsp.OCSPRequestBuilder()
        .add_certificate(certificate, issuer, hashes.SHA256())
        .add_extension(x509.OCSPNonce(nonce), critical=False)
        .build()
    )
    response = ocsp.load_der_ocsp_response(ocsp_respond(request.public_bytes(serialization.Encoding.DER)))
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise OcspProblem(f"responder answered {response.response_status.name}")
    if response.serial_number != certificate.serial_number:
        raise OcspProblem("the answer is about another certificate")
    if response.issuer_key_hash != request.issuer_key_hash or response.issuer_name_hash != request.issuer_name_hash:
        raise OcspProblem("the answer is about another issuer")
    try:
        echoed = response.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound:
        echoed = None
    if echoed != nonce:
        raise OcspProblem("the nonce was not echoed")
    responder = _responder_for(response, issuer)
    key, algorithm = responder.public_key(), response.signature_hash_algorithm
    if not isinstance(key, ec.EllipticCurvePublicKey) or algorithm is None:
        raise OcspProblem("the responder's key is not an ECDSA key")
    try:
        key.verify(response.signature, response.tbs_response_bytes, ec.ECDSA(algorithm))
    except (InvalidSignature, TypeError) as error:
        raise OcspProblem("the answer's signature does not verify") from error
    if response.this_update_utc > now + CLOCK_SKEW or (
        response.next_update_utc is not None and response.next_update_utc < now - CLOCK_SKEW
    ):
        raise OcspProblem("the answer is not fresh")
    return response.certificate_status


def _holder_code_of(certificate: x509.Certificate) -> str:
    values = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    value = str(values[0].value) if values else ""
    return value.removeprefix("PNOEE-")


def digital_id_authenticate(*, personal_code: str, pin1: str) -> DigitalId:
    """The whole login check. Returns the card, or raises ``LoginRefused`` saying why.

    Must not run inside ``transaction.atomic()``: the trust services commit the PIN try
    counter even when the PIN is wrong.
    """
    from trust.exceptions import CertificateNotUsable, InvalidPinFormat, PinBlocked, TrustError, WrongPin
    from trust.services import credential_authenticate

    did = card_for_login(personal_code)
    if did.credential is None or did.auth_certificate is None:
        raise LoginRefused(_refusal_for_state(did))
    challenge = challenge_create(digital_id=did)
    try:
        signature = credential_authenticate(credential=did.credential, pin1=pin1, challenge=bytes(challenge.value))
    except WrongPin as error:
        raise LoginRefused(
            _("Wrong PIN1. %(n)s tries left; after that PIN1 is blocked.") % {"n": error.tries_left}
            if error.tries_left != 1
            else _("Wrong PIN1. One try left; after that PIN1 is blocked.")
        )
    except PinBlocked:
        raise LoginRefused(
            _(
                "PIN1 is blocked after three wrong entries: unblock it with your PUK code. Sign in with your "
                "e-mail address and password, then open “My digital ID” and choose “Unblock a PIN with the PUK”."
            )
        )
    except InvalidPinFormat:
        raise LoginRefused(_("PIN1 is 4 to 12 digits."))
    except CertificateNotUsable:
        raise LoginRefused(_refusal_for_state(did))
    except TrustError as error:
        raise LoginRefused(error.message)
    if not challenge_consume(challenge):
        raise LoginRefused(_("The sign-in took too long. Try again."))
    assert did.auth_certificate is not None  # an active card has its certificates
    certificate = did.auth_certificate.x509()
    ca_certificate = did.auth_certificate.issuer.certificate
    assert ca_certificate is not None  # an issuing authority has its certificate
    issuer = ca_certificate.x509()
    if _holder_code_of(certificate) != did.personal_code.code or not signature_verify(
        certificate, signature, bytes(challenge.value)
    ):
        journal_record(actor=None, action=events.LOGIN_BAD_SIGNATURE, subject=did)
        raise LoginRefused(_("The card's signature could not be verified. Contact the identity board."))
    now = timezone.now()
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise LoginRefused(_refusal_for_state(did))
    try:
        status = ocsp_status(certificate, issuer, now=now)
    except OcspProblem as error:
        journal_record(actor=None, action=events.LOGIN_OCSP_FAILED, subject=did, reason=str(error))
        raise LoginRefused(
            _("The certificate status service cannot confirm your certificate right now. Try again in a minute.")
        )
    if status != ocsp.OCSPCertStatus.GOOD:
        raise LoginRefused(_certificate_refusal())
    return did
