"""Using the card: changing and unblocking PINs, signing PDFs with PIN2.

The trust services count wrong tries and commit the count even when the call fails, so
none of these may run inside ``transaction.atomic()``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from audit.types import ActorLike
from digital_id.constants import IdState
from digital_id.dates import tallinn_date
from digital_id.exceptions import NotAllowed, PinProblem, SigningRefused, WrongState
from digital_id.models import DigitalId

PIN_NAMES = {"auth": "PIN1", "sign": "PIN2"}


def _credential(did: DigitalId) -> Any:
    assert did.credential is not None  # an active card has its credential (manufacture)
    return did.credential


def _usable_card(digital_id: DigitalId, actor: ActorLike, *, what: str) -> DigitalId:
    did = DigitalId.objects.select_related("credential").get(pk=digital_id.pk)
    if did.holder_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Only the holder can use this digital ID."))
    expired = did.state == IdState.EXPIRED or (did.expires_on and did.expires_on < tallinn_date())
    if did.state != IdState.ACTIVE or expired:
        if did.state == IdState.SUSPENDED:
            message = _(
                "Your digital ID is suspended: %(what)s is not possible. A pick-up point official can resume it "
                "after checking your identity."
            )
        elif did.state == IdState.REVOKED:
            message = _("Your digital ID is revoked: %(what)s is not possible. Apply for a new digital ID.")
        elif expired:
            message = _("Your digital ID has expired: %(what)s is not possible. Apply for its renewal.")
        else:
            message = _("Your digital ID has not been handed over yet: %(what)s is not possible.")
        raise WrongState(message % {"what": what})
    return did


def _pin_messages(error: Exception, label: str) -> PinProblem:
    from trust.exceptions import InvalidPinFormat, PinBlocked, PinChangeRequired, PukBlocked, WrongPin, WrongPuk

    if isinstance(error, WrongPuk):
        if error.tries_left == 1:
            return PinProblem(_("Wrong PUK. One try left; after that the PUK is blocked."))
        return PinProblem(_("Wrong PUK. %(n)s tries left; after that the PUK is blocked.") % {"n": error.tries_left})
    if isinstance(error, WrongPin):
        if error.tries_left == 1:
            return PinProblem(_("Wrong %(pin)s. One try left; after that %(pin)s is blocked.") % {"pin": label})
        return PinProblem(
            _("Wrong %(pin)s. %(n)s tries left; after that %(pin)s is blocked.") % {"pin": label, "n": error.tries_left}
        )
    if isinstance(error, PukBlocked):
        return PinProblem(
            _(
                "The PUK is blocked after three wrong entries. The PINs can no longer be unblocked: apply for a "
                "new digital ID."
            ),
            blocked="puk",
        )
    if isinstance(error, PinBlocked):
        return PinProblem(
            _("%(pin)s is blocked after three wrong entries: unblock it with your PUK.") % {"pin": label},
            blocked=label,
        )
    if isinstance(error, PinChangeRequired):
        return PinProblem(_("Change PIN2 before your first signature (the code in the envelope works only for that)."))
    if isinstance(error, InvalidPinFormat):
        return PinProblem(error.message)
    return PinProblem(getattr(error, "message", str(error)))


def pin_change(*, digital_id: DigitalId, actor: ActorLike, role: str, old_pin: str, new_pin: str) -> None:
    """Change PIN1 (``role="auth"``) or PIN2 (``"sign"``), knowing the current one."""
    from trust import services as trust
    from trust.exceptions import TrustError

    label = PIN_NAMES.get(role)
    if label is None:
        raise PinProblem(_("Choose PIN1 or PIN2."))
    did = _usable_card(digital_id, actor, what=_("changing a PIN"))
    try:
        trust.pin_change(credential=_credential(did), role=role, old_pin=old_pin, new_pin=new_pin, actor=actor)
    except TrustError as error:
        raise _pin_messages(error, label) from error


def pin_unblock(*, digital_id: DigitalId, actor: ActorLike, role: str, puk: str, new_pin: str) -> None:
    """Unblock (or reset) PIN1 or PIN2 with the PUK, setting a new PIN."""
    from trust import services as trust
    from trust.exceptions import TrustError

    label = PIN_NAMES.get(role)
    if label is None:
        raise PinProblem(_("Choose PIN1 or PIN2."))
    did = _usable_card(digital_id, actor, what=_("unblocking a PIN"))
    try:
        trust.pin_unblock(credential=_credential(did), role=role, puk=puk, new_pin=new_pin, actor=actor)
    except TrustError as error:
        raise _pin_messages(error, label) from error


def document_sign(*, digital_id: DigitalId, actor: ActorLike, pdf_bytes: bytes, pin2: str, reason: str = "") -> bytes:
    """Sign a PDF with the card's signing key (PAdES B-LT: timestamp and revocation data
    embedded, so the signature keeps validating after the card expires or is revoked)."""
    from trust import services as trust
    from trust.exceptions import CertificateNotUsable, TrustError

    did = _usable_card(digital_id, actor, what=_("signing"))
    if not pdf_bytes.startswith(b"%PDF-"):
        raise SigningRefused(_("The file is not a PDF."))
    try:
        return trust.sign_pdf(
            pdf_bytes=pdf_bytes,
            credential=_credential(did),
            pin2=pin2,
            actor=actor,
            reason=(reason or "").strip()[:200],
        )
    except CertificateNotUsable as error:
        raise SigningRefused(
            _("Your signing certificate is suspended, revoked or expired: the document was not signed.")
        ) from error
    except TrustError as error:
        problem = _pin_messages(error, "PIN2")
        raise SigningRefused(str(problem)) from error
