"""Keys held for people: issue a digital ID's two key pairs, and guard them with PIN and PUK.

Each private key is stored twice: once encrypted under a key derived from its PIN and once
under a key derived from the credential's PUK (Argon2id, memory from
``settings.TRUST_KDF_MEMORY_KIB``), each copy then wrapped with the master key. A wrong code
is detected by the AES-GCM tag failing; no PIN, PUK or hash of one is ever stored.

Counters: three wrong PINs block that key, the PUK unblocks it and sets a new PIN, three
wrong PUKs block the PUK. The row is locked (``select_for_update``) from the check to the
decrement, so parallel wrong guesses each count. The decrement is committed before the
error is raised, which is why these functions refuse to run inside a caller's transaction
(a rollback there would give the tries back).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.ee import ik

from audit.services import journal_record
from audit.types import ActorLike
from trust import events
from trust.constants import (
    BACKDATE,
    EID_CA_SLUG,
    ISSUED_PIN1_DIGITS,
    ISSUED_PIN2_DIGITS,
    ISSUED_PUK_DIGITS,
    KDF_ITERATIONS,
    KDF_LANES,
    MAX_TRIES,
    PERSON_VALIDITY,
    PIN1_LENGTH,
    PIN2_LENGTH,
    PUK_LENGTH,
    CertificateKind,
    KeyRole,
    kdf_memory_kib,
)
from trust.exceptions import (
    CertificateNotUsable,
    HierarchyMissing,
    InvalidPinFormat,
    PinBlocked,
    PinChangeRequired,
    PukBlocked,
    TrustError,
    WrongPin,
    WrongPuk,
)
from trust.keystore import get_keystore, master_unwrap, master_wrap
from trust.models import Certificate, CertificateAuthority, Credential, PersonKey
from trust.services.crl import crl_refresh
from trust.services.hierarchy import certificate_record
from trust.services.profiles import build_certificate, new_key, person_subject

_NONCE = 12


@dataclass(frozen=True)
class Credentials:
    """What the holder gets once, in the PIN envelope. The codes are never stored."""

    credential: Credential
    auth_certificate: Certificate
    signing_certificate: Certificate
    pin1: str = field(repr=False)
    pin2: str = field(repr=False)
    puk: str = field(repr=False)


@dataclass(frozen=True)
class _KdfParams:
    memory_kib: int
    iterations: int
    lanes: int

    @classmethod
    def of(cls, credential: Credential) -> _KdfParams:
        return cls(credential.kdf_memory_kib, credential.kdf_iterations, credential.kdf_lanes)


def _random_digits(n: int) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(n))


def _check_code(value: str, bounds: tuple[int, int], label: str) -> str:
    low, high = bounds
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or not low <= len(value) <= high:
        raise InvalidPinFormat(
            _("%(label)s must be %(low)d to %(high)d digits.") % {"label": label, "low": low, "high": high}
        )
    return value


def _pin_bounds(role: str) -> tuple[tuple[int, int], str]:
    return (PIN1_LENGTH, "PIN1") if role == KeyRole.AUTH else (PIN2_LENGTH, "PIN2")


def _derive(secret: str, salt: bytes, params: _KdfParams) -> bytes:
    kdf = Argon2id(
        salt=bytes(salt),
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret.encode())


def _context(credential: Credential, role: str, layer: str) -> str:
    return f"trust.person-key:{credential.code}:{role}:{layer}"


def _seal(der: bytes, secret_key: bytes, context: str) -> bytes:
    nonce = secrets.token_bytes(_NONCE)
    inner = nonce + AESGCM(secret_key).encrypt(nonce, der, context.encode())
    return master_wrap(inner, context=context)


def _open(blob: bytes, secret_key: bytes, context: str) -> bytes:
    """Raises ``InvalidTag`` when ``secret_key`` came from a wrong PIN or PUK."""
    inner = master_unwrap(bytes(blob), context=context)
    return AESGCM(secret_key).decrypt(inner[:_NONCE], inner[_NONCE:], context.encode())


def _der(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _refuse_inside_transaction() -> None:
    outer = [block for block in connection.atomic_blocks if not getattr(block, "_from_testcase", False)]
    if outer:
        raise RuntimeError(
            "PIN and PUK checks must not run inside a transaction.atomic() block: rolling it back "
            "would undo the try counter."
        )


def _usable(certificate: Certificate) -> None:
    if not certificate.is_usable():
        raise CertificateNotUsable()


# --- issuing ---------------------------------------------------------------------------


def person_credentials_issue(
    *,
    personal_code: str,
    given_name: str,
    surname: str,
    holder: Any = None,
    actor: ActorLike,
    pin2_change_required: bool = True,
) -> Credentials:
    """Generate both key pairs, issue the authentication and signing certificates (ID-card
    profile, ``PERSON_VALIDITY``), and return the new PIN1, PIN2 and PUK once."""
    if not ik.is_valid(personal_code or ""):
        raise TrustError(_("%(code)s is not a valid Estonian personal identification code.") % {"code": personal_code})
    if not (given_name or "").strip() or not (surname or "").strip():
        raise TrustError(_("Given name and surname are required for a certificate."))
    try:
        ca = CertificateAuthority.objects.select_related("certificate").get(slug=EID_CA_SLUG)
    except CertificateAuthority.DoesNotExist:
        raise HierarchyMissing()
    ca_key = get_keystore().get(ca.key_name)
    ca_cert = ca.certificate.x509()
    now = timezone.now() - BACKDATE
    subject = person_subject(personal_code=personal_code, given_name=given_name, surname=surname)
    params = _KdfParams(kdf_memory_kib(), KDF_ITERATIONS, KDF_LANES)
    codes = {
        KeyRole.AUTH: _random_digits(ISSUED_PIN1_DIGITS),
        KeyRole.SIGN: _random_digits(ISSUED_PIN2_DIGITS),
    }
    puk = _random_digits(ISSUED_PUK_DIGITS)
    credential = Credential(
        holder=holder,
        personal_code=personal_code,
        given_name=given_name.strip(),
        surname=surname.strip(),
        puk_salt=secrets.token_bytes(16),
        pin2_change_required=pin2_change_required,
        kdf_memory_kib=params.memory_kib,
        kdf_iterations=params.iterations,
        kdf_lanes=params.lanes,
    )
    puk_key = _derive(puk, credential.puk_salt, params)
    planned = []
    for role, kind in ((KeyRole.AUTH, CertificateKind.PERSON_AUTH), (KeyRole.SIGN, CertificateKind.PERSON_SIGN)):
        key = new_key(kind)
        cert = build_certificate(
            kind=kind,
            subject=subject,
            public_key=key.public_key(),
            issuer_cert=ca_cert,
            issuer_key=ca_key,
            issuer_slug=ca.slug,
            site_url=settings.SITE_URL,
            not_before=now,
            not_after=now + PERSON_VALIDITY,
        )
        pin_salt = secrets.token_bytes(16)
        der = _der(key)
        planned.append(
            (
                role,
                kind,
                cert,
                pin_salt,
                _seal(der, _derive(codes[role], pin_salt, params), _context(credential, role, "pin")),
                _seal(der, puk_key, _context(credential, role, "puk")),
            )
        )
    with transaction.atomic():
        credential.save()
        rows = {}
        for role, kind, cert, pin_salt, pin_wrapped, puk_wrapped in planned:
            row = certificate_record(cert=cert, issuer=ca, kind=kind, actor=actor)
            PersonKey.objects.create(
                credential=credential,
                role=role,
                certificate=row,
                pin_salt=pin_salt,
                pin_wrapped=pin_wrapped,
                puk_wrapped=puk_wrapped,
            )
            rows[role] = row
        crl_refresh(ca=ca)
        journal_record(
            actor=actor,
            action=events.CREDENTIALS_ISSUED,
            subject=credential,
            data={"auth_serial": rows[KeyRole.AUTH].serial_hex, "sign_serial": rows[KeyRole.SIGN].serial_hex},
        )
    return Credentials(
        credential=credential,
        auth_certificate=rows[KeyRole.AUTH],
        signing_certificate=rows[KeyRole.SIGN],
        pin1=codes[KeyRole.AUTH],
        pin2=codes[KeyRole.SIGN],
        puk=puk,
    )


# --- using and managing PINs -------------------------------------------------------------


def _unlock(credential: Credential, role: str, pin: str) -> tuple[bytes, PersonKey]:
    """Check ``pin`` against the key's PIN copy, counting a wrong try atomically."""
    bounds, label = _pin_bounds(role)
    _check_code(pin, bounds, label)
    _refuse_inside_transaction()
    failure: Exception | None = None
    der = b""
    with transaction.atomic():
        key = (
            PersonKey.objects.select_for_update(of=("self",))
            .select_related("credential", "certificate")
            .get(credential_id=credential.pk, role=role)
        )
        if key.pin_blocked:
            failure = PinBlocked()
        else:
            context = _context(key.credential, role, "pin")
            try:
                der = _open(key.pin_wrapped, _derive(pin, key.pin_salt, _KdfParams.of(key.credential)), context)
            except InvalidTag:
                PersonKey.objects.filter(pk=key.pk).update(pin_tries_left=F("pin_tries_left") - 1)
                key.refresh_from_db(fields=["pin_tries_left"])
                failure = PinBlocked() if key.pin_blocked else WrongPin(key.pin_tries_left)
                if key.pin_blocked:
                    journal_record(
                        actor=None, action=events.PIN_EVENTS[(key.pin_name.lower(), "blocked")], subject=key.credential
                    )
            else:
                if key.pin_tries_left != MAX_TRIES:
                    PersonKey.objects.filter(pk=key.pk).update(pin_tries_left=MAX_TRIES)
                    key.pin_tries_left = MAX_TRIES
    if failure is not None:
        raise failure
    return der, key


def _rewrap_pin(key: PersonKey, der: bytes, new_pin: str) -> None:
    salt = secrets.token_bytes(16)
    wrapped = _seal(
        der, _derive(new_pin, salt, _KdfParams.of(key.credential)), _context(key.credential, key.role, "pin")
    )
    PersonKey.objects.filter(pk=key.pk).update(pin_salt=salt, pin_wrapped=wrapped, pin_tries_left=MAX_TRIES)
    if key.role == KeyRole.SIGN:
        Credential.objects.filter(pk=key.credential_id).update(pin2_change_required=False)


def signing_key_unlock(*, credential: Credential, pin2: str) -> tuple[ec.EllipticCurvePrivateKey, Certificate]:
    """The signing key and certificate, if the certificate is usable and PIN2 is right."""
    key_row = PersonKey.objects.select_related(
        "credential", "certificate__issuer__certificate", "certificate__issuer__parent__certificate"
    ).get(credential_id=credential.pk, role=KeyRole.SIGN)
    _usable(key_row.certificate)
    if key_row.credential.pin2_change_required:
        raise PinChangeRequired()
    der, _key = _unlock(key_row.credential, KeyRole.SIGN, pin2)
    return serialization.load_der_private_key(der, password=None), key_row.certificate


def credential_authenticate(*, credential: Credential, pin1: str, challenge: bytes) -> bytes:
    """Sign ``challenge`` with the authentication key (ECDSA-SHA256), as the card does at login."""
    key_row = PersonKey.objects.select_related("certificate").get(credential=credential, role=KeyRole.AUTH)
    _usable(key_row.certificate)
    der, _key = _unlock(credential, KeyRole.AUTH, pin1)
    private_key = serialization.load_der_private_key(der, password=None)
    return private_key.sign(challenge, ec.ECDSA(hashes.SHA256()))


def pin_change(*, credential: Credential, role: str, old_pin: str, new_pin: str, actor: ActorLike) -> None:
    """Change PIN1 (``role="auth"``) or PIN2 (``"sign"``) knowing the current one."""
    role = KeyRole(role)
    bounds, label = _pin_bounds(role)
    _check_code(new_pin, bounds, label)
    if new_pin == old_pin:
        raise InvalidPinFormat(_("The new %(label)s must differ from the current one.") % {"label": label})
    der, key = _unlock(credential, role, old_pin)
    with transaction.atomic():
        _rewrap_pin(key, der, new_pin)
        journal_record(actor=actor, action=events.PIN_EVENTS[(label.lower(), "changed")], subject=key.credential)


def pin_unblock(*, credential: Credential, role: str, puk: str, new_pin: str, actor: ActorLike) -> None:
    """Unblock (or reset) PIN1/PIN2 with the PUK and set ``new_pin``."""
    role = KeyRole(role)
    bounds, label = _pin_bounds(role)
    _check_code(new_pin, bounds, label)
    _check_code(puk, PUK_LENGTH, "PUK")
    _refuse_inside_transaction()
    failure: Exception | None = None
    with transaction.atomic():
        cred = Credential.objects.select_for_update().get(pk=credential.pk)
        key = (
            PersonKey.objects.select_for_update(of=("self",))
            .select_related("credential")
            .get(credential=cred, role=role)
        )
        if cred.puk_blocked:
            failure = PukBlocked()
        else:
            params = _KdfParams.of(cred)
            try:
                der = _open(key.puk_wrapped, _derive(puk, cred.puk_salt, params), _context(cred, role, "puk"))
            except InvalidTag:
                Credential.objects.filter(pk=cred.pk).update(puk_tries_left=F("puk_tries_left") - 1)
                cred.refresh_from_db(fields=["puk_tries_left"])
                failure = PukBlocked() if cred.puk_blocked else WrongPuk(cred.puk_tries_left)
                if cred.puk_blocked:
                    journal_record(actor=None, action=events.PUK_BLOCKED, subject=cred)
            else:
                Credential.objects.filter(pk=cred.pk).update(puk_tries_left=MAX_TRIES)
                _rewrap_pin(key, der, new_pin)
                journal_record(actor=actor, action=events.PIN_EVENTS[(label.lower(), "unblocked")], subject=cred)
    if failure is not None:
        raise failure
