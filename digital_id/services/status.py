"""Suspension (the holder, at once), resumption (a pick-up point official), revocation
(an identity official; the holder's request), expiry, and certificates changed elsewhere.
Certificates follow the card in the same transaction; the CRL is re-signed on each change."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from audit.services import journal_record, transition
from audit.types import ActorLike
from digital_id import constants, events
from digital_id.constants import IdState, RequestStatus, RevocationChoice
from digital_id.dates import tallinn_date
from digital_id.exceptions import (
    DigitalIdError,
    NotAllowed,
    WrongState,
)
from digital_id.models import DigitalId, PickupBooking, RevocationRequest
from digital_id.services.common import (
    PresentedDocument,
    _certificates,
    _fresh_status,
    _lock,
    _require_role,
    _state_message,
    travel_document_check,
)
from digital_id.services.envelope import envelope_destroy
from digital_id.services.notify import notify_holder
from trust.constants import CertificateStatus

if TYPE_CHECKING:
    from accounts.models import User


def digital_id_suspend(*, digital_id: DigitalId, actor: ActorLike, reason: str = "") -> DigitalId:
    """Suspend at once (lost card): both certificates go on hold (certificateHold)."""
    from trust.services import certificate_suspend

    with transaction.atomic():
        did = _lock(digital_id)
        is_holder = did.holder_id == getattr(actor, "pk", None)
        if not is_holder:
            _require_role(actor, Role.IDENTITY_OFFICIAL)
        if did.state != IdState.ACTIVE:
            raise WrongState(_state_message(did))
        transition(did, "suspend", actor=actor, reason=reason, at=timezone.now())
        for certificate in _certificates(did):
            if _fresh_status(certificate) == CertificateStatus.VALID:
                certificate_suspend(certificate=certificate, actor=actor, reason=reason or "Suspended by the holder")
        notify_holder(did, "suspended")
    return did


def digital_id_resume(
    *, digital_id: DigitalId, actor: ActorLike, presented: PresentedDocument, reason: str = ""
) -> DigitalId:
    """Only a pick-up point official resumes a card, after checking the holder's identity
    with the travel document (estonia-facts §1.7: re-activation only at a service point)."""
    from trust.services import certificate_resume

    _require_role(actor, Role.PICKUP_OFFICIAL)
    with transaction.atomic():
        did = _lock(digital_id)
        if did.state != IdState.SUSPENDED:
            raise WrongState(_state_message(did))
        if RevocationRequest.objects.filter(digital_id=did, status=RequestStatus.OPEN).exists():
            raise WrongState(
                _("The holder asked for this card to be revoked; it cannot be resumed. A new ID must be applied for.")
            )
        record = travel_document_check(did, presented)
        transition(did, "resume", actor=actor, reason=reason, data={"travel_document": record})
        for certificate in _certificates(did):
            if _fresh_status(certificate) == CertificateStatus.ON_HOLD:
                certificate_resume(certificate=certificate, actor=actor, reason=reason or "Identity checked")
    return did


def _revoke(did: DigitalId, *, actor: ActorLike, reason_code: str, text: str) -> None:
    """Revoke a locked card and its certificates; erase its envelope if it was never given out."""
    from trust.services import certificate_revoke

    reason_code = RevocationChoice(reason_code)
    now = timezone.now()
    transition(
        did,
        "revoke",
        actor=actor,
        reason=text,
        data={"revocation_reason": reason_code.value},
        at=now,
        reason_code=reason_code,
    )
    for certificate in _certificates(did):
        if _fresh_status(certificate) in (CertificateStatus.VALID, CertificateStatus.ON_HOLD):
            certificate_revoke(certificate=certificate, revocation_reason=reason_code.value, actor=actor, reason=text)
    envelope_destroy(digital_id=did, actor=actor, reason="revoked")
    PickupBooking.objects.filter(digital_id=did, cancelled_at__isnull=True).update(cancelled_at=now)
    for request in RevocationRequest.objects.select_for_update().filter(digital_id=did, status=RequestStatus.OPEN):
        request.digital_id = did
        transition(
            request,
            "request_carry_out",
            actor=actor,
            action=events.REVOCATION_REQUEST_DONE,
            data={"request": str(request.code)},
            by=actor if getattr(actor, "is_authenticated", False) else None,
            at=now,
        )
    notify_holder(did, "revoked")


def digital_id_revoke(*, digital_id: DigitalId, actor: User, reason_code: str, reason: str) -> DigitalId:
    """An identity official revokes the card for good, with a reason."""
    _require_role(actor, Role.IDENTITY_OFFICIAL)
    reason = (reason or "").strip()
    if not reason:
        raise DigitalIdError(_("Say why the digital ID is revoked."))
    if reason_code not in RevocationChoice.values:
        raise DigitalIdError(_("Choose a revocation reason."))
    with transaction.atomic():
        did = _lock(digital_id)
        if did.holder_id == actor.pk:
            raise NotAllowed(_("You cannot decide on your own digital ID."))
        if did.state in constants.FINAL_STATES:
            raise WrongState(_state_message(did))
        _revoke(did, actor=actor, reason_code=reason_code, text=reason)
    return did


def revocation_request_create(
    *, digital_id: DigitalId, actor: ActorLike, reason: str, details: str = ""
) -> RevocationRequest:
    """The holder asks for revocation. The card is suspended at once (nothing can be done
    with it from this moment); an identity official then revokes it for good. A request,
    not an immediate revocation, because revocation cannot be undone and the identity board
    decides it (declaring a document invalid is the board's act)."""
    from digital_id.constants import HolderRevocationReason

    if reason not in HolderRevocationReason.values:
        raise DigitalIdError(_("Choose a reason."))
    with transaction.atomic():
        did = _lock(digital_id)
        if did.holder_id != getattr(actor, "pk", None):
            raise NotAllowed(_("Only the holder can ask for revocation."))
        if did.state not in (IdState.ACTIVE, IdState.SUSPENDED):
            raise WrongState(_state_message(did))
        if RevocationRequest.objects.filter(digital_id=did, status=RequestStatus.OPEN).exists():
            raise WrongState(_("You already asked for this card to be revoked."))
        request = RevocationRequest.objects.create(
            digital_id=did, reason=reason, details=(details or "").strip()[:2000]
        )
        journal_record(
            actor=actor, action=events.REVOCATION_REQUESTED, subject=did, reason=details, data={"reason": reason}
        )
        if did.state == IdState.ACTIVE:
            digital_id_suspend(digital_id=did, actor=actor, reason="Revocation requested by the holder")
    return request


# --- Expiry ---------------------------------------------------------------------------------


def digital_ids_expire(*, today: date | None = None) -> int:
    """Cards whose validity ended become expired (their certificates expire by themselves)."""
    today = today or tallinn_date()
    done = 0
    for pk in DigitalId.objects.filter(state__in=(IdState.ACTIVE, IdState.SUSPENDED), expires_on__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            did = _lock(DigitalId(pk=pk))
            if did.state not in (IdState.ACTIVE, IdState.SUSPENDED) or not did.expires_on or did.expires_on >= today:
                continue
            transition(
                did,
                "expire",
                actor=constants.TASK_EXPIRY,
                at=timezone.now(),
                cause=constants.ExpiryReason.VALIDITY_ENDED,
            )
            done += 1
    return done


def digital_ids_expire_uncollected(*, today: date | None = None) -> int:
    """Cards not collected within six months of arrival are returned: expired, their
    certificates revoked and their PIN envelopes erased."""
    from trust.services import certificate_revoke

    today = today or tallinn_date()
    done = 0
    waiting = (IdState.AT_PICKUP_POINT, IdState.MANUFACTURED)
    for pk in DigitalId.objects.filter(state__in=waiting, pickup_deadline__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            did = _lock(DigitalId(pk=pk))
            if did.state not in waiting or did.pickup_deadline is None or did.pickup_deadline >= today:
                continue
            now = timezone.now()
            transition(
                did,
                "expire",
                actor=constants.TASK_EXPIRY,
                data={"pickup_deadline": did.pickup_deadline.isoformat()},
                at=now,
                cause=constants.ExpiryReason.UNCOLLECTED,
            )
            for certificate in _certificates(did):
                if _fresh_status(certificate) in (CertificateStatus.VALID, CertificateStatus.ON_HOLD):
                    certificate_revoke(
                        certificate=certificate,
                        revocation_reason=RevocationChoice.CESSATION_OF_OPERATION.value,
                        actor=constants.TASK_EXPIRY,
                        reason="Not collected within the pick-up period",
                    )
            envelope_destroy(digital_id=did, actor=constants.TASK_EXPIRY, reason="uncollected")
            PickupBooking.objects.filter(digital_id=did, cancelled_at__isnull=True).update(cancelled_at=now)
            notify_holder(did, "uncollected")
            done += 1
    return done


# --- Certificates changed elsewhere ---------------------------------------------------------


def on_certificate_status_change(certificate: Any, change: str, actor: ActorLike) -> None:
    """trust.registry hook: keep the card in step when one of its certificates is revoked or
    suspended outside this app. Changes made by this app find the card already moved."""
    did = (
        DigitalId.objects.filter(Q(auth_certificate_id=certificate.pk) | Q(signing_certificate_id=certificate.pk))
        .only("pk", "state")
        .first()
    )
    if did is None:
        return
    if change == "revoke" and did.state not in constants.FINAL_STATES:
        locked = _lock(did)
        if locked.state not in constants.FINAL_STATES:
            code = certificate.revocation_reason or RevocationChoice.UNSPECIFIED
            if code not in RevocationChoice.values:
                code = RevocationChoice.UNSPECIFIED
            _revoke(locked, actor=actor, reason_code=code, text="Certificate revoked by the trust service")
    elif change == "suspend" and did.state == IdState.ACTIVE:
        from trust.services import certificate_suspend

        locked = _lock(did)
        if locked.state == IdState.ACTIVE:
            transition(locked, "suspend", actor=actor, reason="Certificate suspended", at=timezone.now())
            for other in _certificates(locked):
                if other.pk != certificate.pk and _fresh_status(other) == CertificateStatus.VALID:
                    certificate_suspend(certificate=other, actor=actor, reason="Card suspended")
