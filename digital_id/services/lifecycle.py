"""The card's making: ordered on approval, made (keys and certificates, the sealed PIN
envelope), delivered to the pick-up point, handed over in person. Suspension, revocation
and expiry are in ``status``.

Every write locks the ``DigitalId`` row (``SELECT … FOR UPDATE``) before it looks at the
state, so two officials acting on the same card at once take turns and the second one is
told what the first did."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from audit.types import ActorLike
from digital_id import constants, events, jobs
from digital_id.constants import IdState, RevocationChoice
from digital_id.dates import add_months, as_tallinn_date, tallinn_date
from digital_id.exceptions import (
    DigitalIdError,
    EnvelopeGone,
    ManufactureFailed,
    NotAllowed,
    WrongState,
)
from digital_id.models import DigitalId, PersonalCode, PickupBooking, PinEnvelope
from digital_id.services.codes import document_number_new, personal_code_allocate
from digital_id.services.common import (
    PresentedDocument,
    _lock,
    _require_role,
    _state_message,
    travel_document_check,
)
from digital_id.services.documents import render_pin_envelope_pdf
from digital_id.services.envelope import PinCodes, envelope_open_and_destroy, envelope_seal
from digital_id.services.notify import notify_holder
from eresidency.registry import ApprovalRefused
from eresidency.selectors import card_order_for

if TYPE_CHECKING:
    from accounts.models import User

# --- Ordering -------------------------------------------------------------------------------


def _create_id(*, holder: Any, personal_code: PersonalCode, **fields: Any) -> DigitalId:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return DigitalId.objects.create(
                    holder=holder, personal_code=personal_code, document_number=document_number_new(), **fields
                )
        except IntegrityError:
            # Another card took the same random number between our look and our insert.
            if (
                fields.get("application_id") is not None
                and DigitalId.objects.filter(application_id=fields["application_id"]).exists()
            ):
                raise
            continue
    raise RuntimeError("Could not store the digital ID after 5 tries.")


def _order(*, holder: Any, data: dict[str, Any], actor: ActorLike, **links: Any) -> DigitalId:
    personal_code = personal_code_allocate(person=holder, birth_date=data["date_of_birth"], sex=data["sex"])
    did = _create_id(holder=holder, personal_code=personal_code, **data, **links)
    journal_record(
        actor=actor,
        action=events.ORDERED,
        subject=did,
        to_state=did.state,
        data={"document_number": did.document_number, "pickup_location": did.pickup_location.code},
    )

    enqueue_job_on_commit(jobs.MANUFACTURE, did.pk)
    return did


def digital_id_order(*, application: Any, actor: ActorLike) -> DigitalId:
    """Order the card for an approved e-Residency application (idempotent: one per application).

    ``application`` is the application or its id. Allocates the e-resident's personal
    identification code (or reuses the one they got with an earlier ID) and a document
    number; the keys and certificates are made by the manufacturing task after commit.
    """
    application_id = getattr(application, "pk", application)
    existing = DigitalId.objects.filter(application_id=application_id).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        # Serialise concurrent orders for the same application on its row.
        order = card_order_for(application_id, lock=True)
        existing = DigitalId.objects.filter(application_id=order.application_id).first()
        if existing is not None:
            return existing
        if not order.approved:
            raise WrongState(_("A digital ID can only be ordered for an approved application."))
        missing = order.missing()
        if missing:
            raise DigitalIdError(
                _("The application lacks data the card needs: %(fields)s.") % {"fields": ", ".join(missing)}
            )
        data = {
            "given_names": order.given_names,
            "surname": order.surname,
            "date_of_birth": order.date_of_birth,
            "sex": order.sex,
            "citizenship": order.citizenship,
            "travel_document_type": order.travel_document_type,
            "travel_document_number": order.travel_document_number,
            "travel_document_country": order.travel_document_country,
            "travel_document_expiry": order.travel_document_expiry,
            "pickup_location": order.pickup_location,
        }
        return _order(holder=order.applicant, data=data, actor=actor, application_id=order.application_id)


def on_application_approved(*, application: Any, actor: ActorLike) -> None:
    """Registered with ``eresidency.registry``: approved means a card is ordered; if it cannot
    be, the approval is refused and rolled back with it."""
    try:
        digital_id_order(application=application, actor=actor)
    except DigitalIdError as error:
        raise ApprovalRefused(
            _("The approval was not recorded because the digital ID could not be ordered: %(reason)s")
            % {"reason": error}
        ) from error


# --- Manufacture ----------------------------------------------------------------------------


def digital_id_manufacture(*, digital_id_id: int) -> bool:
    """Make the card: key pairs and certificates from the trust services, the PIN envelope
    sealed (see services.envelope). The certificates stay on hold until hand-over, so a card
    lost on its way cannot be used. Idempotent: a card already made is left alone."""
    from trust.services import certificate_revoke, certificate_suspend, person_credentials_issue

    actor = constants.TASK_MANUFACTURE
    did = DigitalId.objects.select_related("personal_code", "holder").filter(pk=digital_id_id).first()
    if did is None or did.state != IdState.ORDERED:
        return False
    try:
        # Key generation and certification are slow: they run before the card's row is
        # locked, so officials and the holder are not kept waiting on it.
        creds = person_credentials_issue(
            personal_code=did.personal_code.code,
            given_name=did.given_names,
            surname=did.surname,
            holder=did.holder,
            actor=actor,
            pin2_change_required=True,
        )
        for certificate in (creds.auth_certificate, creds.signing_certificate):
            certificate_suspend(certificate=certificate, actor=actor, reason="Not yet handed over to the holder")
        with transaction.atomic():
            did = _lock(DigitalId(pk=digital_id_id))
            made_elsewhere = did.state != IdState.ORDERED
            if not made_elsewhere:
                envelope_seal(digital_id=did, codes=PinCodes(pin1=creds.pin1, pin2=creds.pin2, puk=creds.puk))
                not_after = min(creds.auth_certificate.not_after, creds.signing_certificate.not_after)
                transition(
                    did,
                    "manufacture",
                    actor=actor,
                    data={
                        "auth_certificate": creds.auth_certificate.serial_hex,
                        "signing_certificate": creds.signing_certificate.serial_hex,
                    },
                    at=timezone.now(),
                    credential=creds.credential,
                    auth_certificate=creds.auth_certificate,
                    signing_certificate=creds.signing_certificate,
                    issued_on=tallinn_date(),
                    expires_on=as_tallinn_date(not_after),
                )
        if made_elsewhere:
            # A duplicate run made the card first (or it was revoked meanwhile): these keys
            # were never attached to it and must not stay usable.
            for certificate in (creds.auth_certificate, creds.signing_certificate):
                certificate_revoke(
                    certificate=certificate,
                    revocation_reason="superseded",
                    actor=actor,
                    reason="Not attached to the card",
                )
            return False
    except Exception as error:
        DigitalId.objects.filter(pk=digital_id_id, state=IdState.ORDERED).update(
            manufacture_error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise ManufactureFailed(str(error)) from error
    return True


def digital_id_register_arrival(*, digital_id: DigitalId, actor: ActorLike) -> DigitalId:
    """A pick-up point official registers that the card has arrived; the holder is told and
    has six months to collect it (counted from the first arrival)."""
    _require_role(actor, Role.PICKUP_OFFICIAL)
    with transaction.atomic():
        did = _lock(digital_id)
        if did.state != IdState.MANUFACTURED:
            raise WrongState(_state_message(did))
        today = tallinn_date()
        transition(
            did,
            "deliver",
            actor=actor,
            data={"pickup_location": did.pickup_location.code},
            at=timezone.now(),
            deadline=add_months(today, constants.pickup_window_months()),
        )
        notify_holder(did, "arrived")
    return did


# --- Hand-over ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandOver:
    digital_id: DigitalId
    envelope_pdf: bytes


def _already_handed_over(did: DigitalId) -> str:
    who = did.handed_over_by.full_name if did.handed_over_by else _("another official")
    return _(
        "This digital ID was already handed over by %(who)s on %(when)s. The PIN envelope was given out then "
        "and cannot be produced again: the codes are not stored anywhere. A holder who lost them unblocks "
        "PIN1 or PIN2 with the PUK; without the PUK they apply for a new digital ID."
    ) % {"who": who, "when": timezone.localtime(did.handed_over_at).strftime("%d.%m.%Y %H:%M")}


def digital_id_hand_over(
    *, digital_id: DigitalId, actor: User, presented: PresentedDocument, fingerprints_taken: bool
) -> HandOver:
    """Hand the card over in person: the travel document matches, fingerprints were taken.

    The card becomes active, its certificates are resumed, and the PIN envelope is opened,
    rendered to PDF and erased in the same transaction, so the PDF this returns is the only
    copy of the codes there will ever be. If the card supersedes an earlier one, that one is
    revoked (reason "superseded").
    """
    from trust.services import certificate_resume

    _require_role(actor, Role.PICKUP_OFFICIAL)
    if not fingerprints_taken:
        raise DigitalIdError(_("Take the holder's fingerprints and confirm it before handing the card over."))
    with transaction.atomic():
        did = _lock(digital_id)
        if did.holder_id == actor.pk:
            raise NotAllowed(_("You cannot hand over your own digital ID."))
        if did.handed_over_at is not None:
            raise EnvelopeGone(_already_handed_over(did))
        if did.state != IdState.AT_PICKUP_POINT:
            raise WrongState(_state_message(did))
        record = travel_document_check(did, presented)
        envelope = PinEnvelope.objects.select_for_update().filter(digital_id=did).first()
        if envelope is None or not envelope.available:
            raise EnvelopeGone(_("The PIN envelope of this card is missing. The card cannot be handed over."))
        now = timezone.now()
        transition(
            did,
            "hand_over",
            actor=actor,
            data={"travel_document": "matched", "new_travel_document": "new" in record, "fingerprints": True},
            by=actor,
            at=now,
            presented=record,
        )
        for certificate in (did.auth_certificate, did.signing_certificate):
            assert certificate is not None  # a made card has both (manufacture sets them)
            certificate_resume(certificate=certificate, actor=actor, reason="Handed over to the holder")
        codes = envelope_open_and_destroy(envelope=envelope, digital_id=did, actor=actor, reason="handed_over")
        pdf = render_pin_envelope_pdf(did, codes)
        PickupBooking.objects.filter(digital_id=did, cancelled_at__isnull=True).update(cancelled_at=now)
        journal_record(actor=actor, action=events.PIN_ENVELOPE_HANDED_OUT, subject=did)
        if did.previous_id is not None:
            from digital_id.services.status import _revoke

            assert did.previous is not None
            previous = _lock(did.previous)
            if previous.state in (IdState.ACTIVE, IdState.SUSPENDED, *constants.PRE_ISSUE_STATES):
                _revoke(
                    previous,
                    actor=actor,
                    reason_code=RevocationChoice.SUPERSEDED,
                    text=_("Replaced by digital ID %(number)s.") % {"number": did.document_number},
                )
    return HandOver(digital_id=did, envelope_pdf=pdf)
