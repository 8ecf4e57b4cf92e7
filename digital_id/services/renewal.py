"""Renewal: invitation three months before expiry, a renewal application pre-filled from the
current card, the state fee again, a lighter check, a new card with the same personal code,
and the old card revoked (superseded) when the new one is handed over (estonia-facts §1.7).

The e-Residency application model has no renewal kind yet, so renewals are kept here
(``Renewal``). The lighter check is a fresh sanctions screening: clear → approved by the
system; a hit, or no list loaded, or an earlier revocation for cause → an identity official
decides.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from audit.types import ActorLike
from digital_id import constants, events, jobs
from digital_id.constants import IdState, RenewalKind, RenewalState, RevocationChoice
from digital_id.dates import add_months, tallinn_date
from digital_id.exceptions import DigitalIdError, NotAllowed, WrongState
from digital_id.models import DigitalId, Renewal
from digital_id.services.lifecycle import _order
from digital_id.services.notify import notify_holder

if TYPE_CHECKING:
    from accounts.models import User

# Cards revoked for these reasons go to an official rather than being renewed automatically.
REVIEW_REASONS = {RevocationChoice.PRIVILEGE_WITHDRAWN, RevocationChoice.KEY_COMPROMISE}


def renewal_kind_for(did: DigitalId, *, today: date | None = None) -> str:
    today = today or tallinn_date()
    if did.expires_on and did.expires_on <= add_months(today, constants.renewal_notice_months()):
        return RenewalKind.EXPIRY
    if did.state == IdState.EXPIRED and did.expiry_reason == constants.ExpiryReason.VALIDITY_ENDED:
        return RenewalKind.EXPIRY
    return RenewalKind.REPLACEMENT


def renewal_blocker(did: DigitalId) -> str:
    """Why this card cannot be renewed now, or ''."""
    if did.state in constants.PRE_ISSUE_STATES:
        return _("This card has not been handed over yet.")
    if did.successors.exclude(state__in=constants.FINAL_STATES).exists():
        return _("A new digital ID is already on its way.")
    if did.state == IdState.REVOKED and did.revocation_reason == RevocationChoice.PRIVILEGE_WITHDRAWN:
        return _("This card was revoked by the identity board; it cannot be renewed. You may apply again.")
    if Renewal.objects.filter(holder_id=did.holder_id, state__in=constants.OPEN_RENEWAL_STATES).exists():
        return _("You already have a renewal in progress.")
    return ""


def renewal_start(*, digital_id: DigitalId, actor: ActorLike, data: dict[str, Any]) -> Renewal:
    """Open a renewal from the holder's current card with the travel document and pick-up
    point they confirmed (pre-filled from the card)."""
    today = tallinn_date()
    if data["travel_document_expiry"] <= today:
        raise DigitalIdError(_("Your travel document has expired. Enter a valid one."))
    if not data["pickup_location"].active:
        raise DigitalIdError(_("This pick-up location is not available. Choose another one."))
    try:
        with transaction.atomic():
            did = DigitalId.objects.select_for_update(of=("self",)).get(pk=digital_id.pk)
            if did.holder_id != getattr(actor, "pk", None):
                raise NotAllowed(_("Only the holder can renew this digital ID."))
            if blocker := renewal_blocker(did):
                raise WrongState(blocker)
            renewal = Renewal.objects.create(
                holder=did.holder,
                previous=did,
                kind=renewal_kind_for(did, today=today),
                travel_document_type=data["travel_document_type"],
                travel_document_number=data["travel_document_number"].strip().upper(),
                travel_document_country=data["travel_document_country"],
                travel_document_expiry=data["travel_document_expiry"],
                pickup_location=data["pickup_location"],
            )
            journal_record(
                actor=actor,
                action=events.RENEWAL_CREATED,
                subject=renewal,
                to_state=renewal.state,
                data={"kind": renewal.kind},
            )
    except IntegrityError:
        raise WrongState(_("You already have a renewal in progress."))
    return renewal


def _fee_variant(renewal: Renewal) -> str:
    from eresidency.constants import PickupKind

    return "embassy" if renewal.pickup_location.kind == PickupKind.EMBASSY else ""


def renewal_checkout(*, renewal: Renewal, actor: ActorLike, return_url: str) -> str:
    """Where to pay the state fee for the renewal (the same fee as a new application)."""
    from payments import services as payments

    with transaction.atomic():
        locked = Renewal.objects.select_for_update(of=("self",)).select_related("pickup_location").get(pk=renewal.pk)
        if locked.holder_id != getattr(actor, "pk", None):
            raise NotAllowed(_("Only the holder can pay for this renewal."))
        if locked.state != RenewalState.AWAITING_PAYMENT:
            raise WrongState(_("The state fee for this renewal is already paid."))
        payment = payments.payment_create(
            payer=locked.holder,
            purpose=constants.RENEWAL_PURPOSE,
            reference=str(locked.code),
            fee_code=constants.RENEWAL_FEE_CODE,
            fee_variant=_fee_variant(locked),
            description=_("State fee for the renewal of the e-resident's digital ID"),
            actor=actor,
        )
    return payments.payment_checkout_url(payment=payment, return_url=return_url, cancel_url=return_url)


def renewal_settle_payment(payment: Any) -> None:
    """Settlement handler for RENEWAL_PURPOSE: the renewal goes to its check."""

    renewal = Renewal.objects.select_for_update().filter(code=payment.reference).first()
    if renewal is None:
        journal_record(
            actor="payments",
            action=events.PAYMENT_FOR_UNKNOWN_RENEWAL,
            subject=("digital_id.renewal", str(payment.reference)),
        )
        return
    if renewal.state != RenewalState.AWAITING_PAYMENT:
        journal_record(actor="payments", action=events.RENEWAL_PAYMENT_REPEATED, subject=renewal)
        return
    transition(renewal, "pay", actor="payments", data={"payment": str(getattr(payment, "code", ""))}, at=timezone.now())
    enqueue_job_on_commit(jobs.RENEWAL_SCREEN, renewal.pk)


def renewal_withdraw(*, renewal: Renewal, actor: ActorLike) -> Renewal:
    with transaction.atomic():
        locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
        if locked.holder_id != getattr(actor, "pk", None):
            raise NotAllowed(_("Only the holder can withdraw this renewal."))
        if locked.state != RenewalState.AWAITING_PAYMENT:
            raise WrongState(_("A paid renewal cannot be withdrawn."))
        transition(locked, "withdraw", actor=actor, at=timezone.now())
    return locked


def _order_new_card(renewal: Renewal, actor: ActorLike) -> DigitalId:
    previous = renewal.previous
    data = {
        "given_names": previous.given_names,
        "surname": previous.surname,
        "date_of_birth": previous.date_of_birth,
        "sex": previous.sex,
        "citizenship": previous.citizenship,
        "travel_document_type": renewal.travel_document_type,
        "travel_document_number": renewal.travel_document_number,
        "travel_document_country": renewal.travel_document_country,
        "travel_document_expiry": renewal.travel_document_expiry,
        "pickup_location": renewal.pickup_location,
    }
    return _order(holder=renewal.holder, data=data, actor=actor, renewal=renewal, previous=previous)


def renewal_screen(*, renewal_id: int) -> str:
    """The lighter check. Idempotent: only a renewal in screening is looked at."""
    from screening.exceptions import NoListLoaded
    from screening.services import screen_person

    renewal = Renewal.objects.select_related("previous").get(pk=renewal_id)
    if renewal.state != RenewalState.SCREENING:
        return renewal.state
    previous = renewal.previous
    reasons: list[str] = []
    result: dict[str, Any] = {}
    try:
        screened = screen_person(
            given_names=previous.given_names,
            surname=previous.surname,
            date_of_birth=previous.date_of_birth,
            nationality=previous.citizenship,
        )
        result["sanctions"] = screened.to_dict()
        if not screened.clear:
            reasons.append(_("Possible sanctions list match."))
    except NoListLoaded:
        result["sanctions"] = None
        reasons.append(_("No sanctions list is loaded: the check could not run."))
    if previous.state == IdState.REVOKED and previous.revocation_reason in REVIEW_REASONS:
        reasons.append(
            _("The previous card was revoked (%(reason)s).") % {"reason": previous.get_revocation_reason_display()}
        )
    result["reasons"] = reasons
    result["at"] = timezone.now().isoformat()
    with transaction.atomic():
        locked = (
            Renewal.objects.select_for_update(of=("self",))
            .select_related("previous", "pickup_location")
            .get(pk=renewal_id)
        )
        if locked.state != RenewalState.SCREENING:
            return locked.state
        if reasons:
            transition(locked, "flag", actor=constants.TASK_RENEWAL, data={"reasons": reasons}, result=result)
        else:
            transition(locked, "clear", actor=constants.TASK_RENEWAL, at=timezone.now(), result=result)
            _order_new_card(locked, constants.TASK_RENEWAL)
            notify_holder(locked.previous, "renewal_approved", renewal=locked)
    return locked.state


def renewal_decide(*, renewal: Renewal, actor: User, approve: bool, reason: str) -> Renewal:
    """An identity official decides a renewal that the check flagged."""
    if getattr(actor, "role", None) != Role.IDENTITY_OFFICIAL:
        raise NotAllowed(_("Only identity officials decide renewals."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DigitalIdError(_("Say why the renewal is refused."))
    with transaction.atomic():
        locked = (
            Renewal.objects.select_for_update(of=("self",))
            .select_related("previous", "pickup_location")
            .get(pk=renewal.pk)
        )
        if locked.holder_id == actor.pk:
            raise NotAllowed(_("You cannot decide on your own renewal."))
        if locked.state != RenewalState.IN_REVIEW:
            raise WrongState(_("This renewal is no longer waiting for a decision."))
        if approve:
            transition(locked, "approve", actor=actor, reason=reason, by=actor, at=timezone.now(), text=reason)
            _order_new_card(locked, actor)
            notify_holder(locked.previous, "renewal_approved", renewal=locked)
        else:
            transition(locked, "refuse", actor=actor, reason=reason, by=actor, at=timezone.now(), text=reason)
            notify_holder(locked.previous, "renewal_refused", renewal=locked)
    return locked


def renewal_invitations_send(*, today: date | None = None) -> int:
    """Invite holders whose card expires within three months to renew (idempotent: each card
    is invited once, marked with a conditional UPDATE)."""
    today = today or tallinn_date()
    horizon = add_months(today, constants.renewal_notice_months())
    candidates = DigitalId.objects.filter(
        state__in=(IdState.ACTIVE, IdState.SUSPENDED),
        renewal_invited_on__isnull=True,
        expires_on__isnull=False,
        expires_on__lte=horizon,
        expires_on__gte=today,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in candidates:
        with transaction.atomic():
            if not DigitalId.objects.filter(pk=pk, renewal_invited_on__isnull=True).update(renewal_invited_on=today):
                continue
            did = DigitalId.objects.get(pk=pk)
            if did.successors.exclude(state__in=constants.FINAL_STATES).exists():
                continue
            journal_record(actor=constants.TASK_RENEWAL, action=events.RENEWAL_INVITED, subject=did)
            notify_holder(did, "renewal_invitation")
            sent += 1
    return sent
