"""The PIN envelope: how PIN1, PIN2 and the PUK wait for the holder without being stored.

The trust services return the codes exactly once, when the card's keys are made (in the
manufacturing task, weeks before the holder collects the card). A real card factory prints
them into a sealed envelope that travels with the card; this module is that envelope:

* At manufacture the three codes are encrypted with AES-256-GCM under a fresh random key
  made for this envelope alone (the "envelope key"), bound to the card's public id. The
  envelope key is itself encrypted under a key-encryption key (KEK) derived with HKDF from
  ``settings.DIGITAL_ID_ENVELOPE_SECRET`` (falling back to ``SECRET_KEY``), which lives
  outside the database. So a copy of the database alone reveals no code.
* At hand-over, in one transaction, the codes are decrypted, the PDF is rendered, and both
  the ciphertext and the wrapped envelope key are overwritten with NULL (a CHECK constraint
  ties "handed out" to "erased"). After commit the codes exist nowhere in the system; a
  second attempt is refused with ``EnvelopeGone``.
* An envelope whose card is never collected, or is revoked first, is erased the same way.

Limits, said plainly: a database backup taken while a card waits at the pick-up point holds
that envelope encrypted, and PostgreSQL keeps the old row version until VACUUM; both are
useless without the KEK. Rotating ``DIGITAL_ID_ENVELOPE_SECRET`` makes waiting envelopes
unreadable, so rotate it only when no card is waiting (or re-issue those cards).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils import timezone

from digital_id.exceptions import EnvelopeGone
from digital_id.models import DigitalId, PinEnvelope

_NONCE = 12
_MAGIC = b"PE1"


@dataclass(frozen=True)
class PinCodes:
    """The codes, in memory only. ``repr`` hides them so they never reach a log."""

    pin1: str = field(repr=False)
    pin2: str = field(repr=False)
    puk: str = field(repr=False)


def _kek() -> AESGCM:
    secret = getattr(settings, "DIGITAL_ID_ENVELOPE_SECRET", "") or settings.SECRET_KEY
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"digital-id-pin-envelope", info=b"kek-v1").derive(
        secret.encode()
    )
    return AESGCM(key)


def _aad(digital_id: DigitalId, layer: str) -> bytes:
    return f"digital_id.envelope:{digital_id.code}:{layer}".encode()


def _encrypt(aead: AESGCM, data: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE)
    return _MAGIC + nonce + aead.encrypt(nonce, data, aad)


def _decrypt(aead: AESGCM, blob: bytes, aad: bytes) -> bytes:
    blob = bytes(blob)
    if not blob.startswith(_MAGIC):
        raise EnvelopeGone("The PIN envelope is damaged.")
    body = blob[len(_MAGIC) :]
    return aead.decrypt(body[:_NONCE], body[_NONCE:], aad)


def envelope_seal(*, digital_id: DigitalId, codes: PinCodes) -> PinEnvelope:
    """Store the codes encrypted under a new envelope key (call inside the manufacture transaction)."""
    envelope_key = AESGCM.generate_key(bit_length=256)
    payload = json.dumps({"pin1": codes.pin1, "pin2": codes.pin2, "puk": codes.puk}).encode()
    return PinEnvelope.objects.create(
        digital_id=digital_id,
        sealed=_encrypt(AESGCM(envelope_key), payload, _aad(digital_id, "codes")),
        wrapped_key=_encrypt(_kek(), envelope_key, _aad(digital_id, "key")),
    )


def envelope_open_and_destroy(*, envelope: PinEnvelope, digital_id: DigitalId, actor, reason: str) -> PinCodes:
    """Decrypt the codes and erase every stored trace of them. ``envelope`` must be locked.

    The erasure is part of the caller's transaction: if anything after this fails (the PDF
    cannot be rendered), the rollback restores the envelope and nothing is lost.
    """
    if not envelope.available:
        raise EnvelopeGone()
    try:
        envelope_key = _decrypt(_kek(), bytes(envelope.wrapped_key or b""), _aad(digital_id, "key"))
        payload = json.loads(_decrypt(AESGCM(envelope_key), bytes(envelope.sealed or b""), _aad(digital_id, "codes")))
    except (InvalidTag, ValueError) as error:
        raise EnvelopeGone("The PIN envelope cannot be opened (the envelope secret changed).") from error
    _erase(envelope, actor=actor, reason=reason)
    return PinCodes(pin1=payload["pin1"], pin2=payload["pin2"], puk=payload["puk"])


def envelope_destroy(*, digital_id: DigitalId, actor, reason: str) -> bool:
    """Erase an envelope that will never be handed out (card revoked or uncollected)."""
    envelope = PinEnvelope.objects.select_for_update().filter(digital_id=digital_id).first()
    if envelope is None or envelope.destroyed_reason:
        return False
    _erase(envelope, actor=actor, reason=reason)
    return True


def _erase(envelope: PinEnvelope, *, actor, reason: str) -> None:
    envelope.sealed = None
    envelope.wrapped_key = None
    envelope.destroyed_reason = reason
    if reason == "handed_over":
        envelope.released_at = timezone.now()
        envelope.released_by = actor if getattr(actor, "is_authenticated", False) else None
    envelope.save(update_fields=["sealed", "wrapped_key", "destroyed_reason", "released_at", "released_by"])
