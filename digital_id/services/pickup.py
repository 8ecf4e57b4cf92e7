"""Pick-up appointments and changes of pick-up point (with the state fee for the change)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from audit.types import ActorLike
from core.dates import TALLINN
from digital_id import constants, events
from digital_id.constants import ChangeStatus, IdState
from digital_id.exceptions import DigitalIdError, NotAllowed, SlotUnavailable, WrongState
from digital_id.models import DigitalId, PickupBooking, PickupChange, PickupSlot
from digital_id.services.notify import notify_holder


def _lock_own(digital_id: DigitalId, actor: ActorLike) -> DigitalId:
    did = DigitalId.objects.select_for_update(of=("self",)).select_related("pickup_location").get(pk=digital_id.pk)
    if did.holder_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Only the holder can do this."))
    return did


def pickup_slot_book(*, digital_id: DigitalId, slot: PickupSlot, actor: ActorLike) -> PickupBooking:
    """Book (or move) the holder's appointment. Capacity holds under concurrency: the slot
    row is locked while its bookings are counted and the new one is written."""
    with transaction.atomic():
        did = _lock_own(digital_id, actor)
        if did.state != IdState.AT_PICKUP_POINT:
            raise WrongState(_("You can book a time once the pick-up point has told you that your card has arrived."))
        locked = PickupSlot.objects.select_for_update(of=("self",)).select_related("location").get(pk=slot.pk)
        if locked.location_id != did.pickup_location_id:
            raise SlotUnavailable(_("This time is at another pick-up point."))
        if locked.starts_at <= timezone.now():
            raise SlotUnavailable(_("This time has passed. Choose a later one."))
        if did.pickup_deadline and timezone.localtime(locked.starts_at, TALLINN).date() > did.pickup_deadline:
            raise SlotUnavailable(
                _("This time is after %(date)s, the last day to collect your card. Choose an earlier one.")
                % {"date": did.pickup_deadline.strftime("%d.%m.%Y")}
            )
        current = PickupBooking.objects.filter(digital_id=did, cancelled_at__isnull=True).first()
        if current is not None and current.slot_id == locked.pk:
            return current
        taken = PickupBooking.objects.filter(slot=locked, cancelled_at__isnull=True).count()
        if taken >= locked.capacity:
            raise SlotUnavailable(_("This time was just taken by someone else. Choose another one."))
        now = timezone.now()
        if current is not None:
            PickupBooking.objects.filter(pk=current.pk).update(cancelled_at=now)
        try:
            with transaction.atomic():
                booking = PickupBooking.objects.create(slot=locked, digital_id=did)
        except IntegrityError:
            raise SlotUnavailable(_("Your booking changed in another window. Reload the page."))
        journal_record(
            actor=actor,
            action=events.PICKUP_BOOKED,
            subject=did,
            data={"slot": str(locked.code), "starts_at": locked.starts_at.isoformat()},
        )
        notify_holder(did, "booked", booking=booking, slot=locked)
    return booking


def pickup_booking_cancel(*, digital_id: DigitalId, actor: ActorLike) -> bool:
    with transaction.atomic():
        did = _lock_own(digital_id, actor)
        cancelled = PickupBooking.objects.filter(digital_id=did, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )
        if cancelled:
            journal_record(actor=actor, action=events.PICKUP_BOOKING_CANCELLED, subject=did)
    return bool(cancelled)


def pickup_slots_generate(
    *, start: date, days: int, capacity: int, opening: time = time(9), closing: time = time(16), minutes: int = 30
) -> int:
    """Create appointment slots on working days at every active pick-up location (demo data)."""
    from eresidency.selectors import active_pickup_locations

    created = 0
    for location in active_pickup_locations():
        slots = []
        for offset in range(days):
            day = start + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            moment = datetime.combine(day, opening, tzinfo=TALLINN)
            end = datetime.combine(day, closing, tzinfo=TALLINN)
            while moment < end:
                slots.append(PickupSlot(location=location, starts_at=moment, capacity=capacity))
                moment += timedelta(minutes=minutes)
        before = PickupSlot.objects.filter(location=location).count()
        PickupSlot.objects.bulk_create(slots, ignore_conflicts=True)
        created += PickupSlot.objects.filter(location=location).count() - before
    return created


# --- Change of pick-up point ----------------------------------------------------------------


def pickup_change_start(*, digital_id: DigitalId, to_location: Any, actor: ActorLike, return_url: str) -> str:
    """Start moving the card to ``to_location``: a payment for the change fee, whose settlement
    (``pickup_change_settle``) moves the card. Returns where to send the holder to pay."""
    from payments import services as payments

    with transaction.atomic():
        did = _lock_own(digital_id, actor)
        if did.state not in constants.MOVABLE_STATES:
            raise WrongState(_("The card can no longer be moved: it has been handed over or is no longer valid."))
        if not to_location.active:
            raise DigitalIdError(_("This pick-up location is not available. Choose another one."))
        if to_location.pk == did.pickup_location_id:
            raise DigitalIdError(_("Your card already goes to this pick-up location."))
        fee_code = constants.pickup_change_fee_code(did.pickup_location.kind, to_location.kind)
        # A change not yet paid for is replaced by the new choice.
        for stale in PickupChange.objects.select_for_update().filter(
            digital_id=did, status=ChangeStatus.AWAITING_PAYMENT
        ):
            transition(
                stale,
                "change_cancel",
                actor=actor,
                action=events.PICKUP_CHANGE_REPLACED,
                data={"change": str(stale.code)},
            )
        change = PickupChange.objects.create(
            digital_id=did,
            from_location=did.pickup_location,
            to_location=to_location,
            fee_code=fee_code,
            requested_by=actor,
        )
        journal_record(
            actor=actor,
            action=events.PICKUP_CHANGE_REQUESTED,
            subject=did,
            data={"change": str(change.code), "to": to_location.code, "fee": fee_code},
        )
        payment = payments.payment_create(
            payer=did.holder,
            purpose=constants.PICKUP_CHANGE_PURPOSE,
            reference=str(change.code),
            fee_code=fee_code,
            description=_("Change of pick-up point for digital ID %(number)s") % {"number": did.document_number},
            actor=actor,
        )
    return payments.payment_checkout_url(payment=payment, return_url=return_url, cancel_url=return_url)


def pickup_change_settle(payment: Any) -> None:
    """Settlement handler for PICKUP_CHANGE_PURPOSE (runs in the payment's transaction).

    Moves the card unless it was handed over or is void by now; the six months to collect
    still count from the first arrival. Idempotent: a settled change is left alone.
    """
    change = (
        PickupChange.objects.select_for_update(of=("self",))
        .select_related("to_location", "from_location")
        .filter(code=payment.reference)
        .first()
    )
    if change is None:
        journal_record(
            actor="payments",
            action=events.PAYMENT_FOR_UNKNOWN_PICKUP_CHANGE,
            subject=("digital_id.pickupchange", str(payment.reference)),
        )
        return
    if change.status in (ChangeStatus.APPLIED, ChangeStatus.NOT_APPLIED):
        return
    did = DigitalId.objects.select_for_update(of=("self",)).get(pk=change.digital_id_id)
    now = timezone.now()
    if did.state not in constants.MOVABLE_STATES or change.status != ChangeStatus.AWAITING_PAYMENT:
        # Officials see this in the journal and refund the fee.
        if change.status == ChangeStatus.AWAITING_PAYMENT:
            transition(
                change,
                "change_too_late",
                actor="payments",
                action=events.PICKUP_CHANGE_PAID_TOO_LATE,
                data={"change": str(change.code), "state": did.state},
                at=now,
            )
        else:
            journal_record(
                actor="payments",
                action=events.PICKUP_CHANGE_PAID_TOO_LATE,
                subject=did,
                data={"change": str(change.code), "state": did.state, "change_status": change.status},
            )
        return
    did.pickup_location = change.to_location
    did.save(update_fields=["pickup_location"])
    PickupBooking.objects.filter(digital_id=did, cancelled_at__isnull=True).update(cancelled_at=now)
    if did.state == IdState.AT_PICKUP_POINT:
        # The card travels to the new point; its collection deadline stays as it was.
        transition(did, "transfer", actor="payments", data={"to": change.to_location.code})
    change.digital_id = did
    transition(
        change,
        "change_apply",
        actor="payments",
        action=events.PICKUP_LOCATION_CHANGED,
        data={"change": str(change.code), "from": change.from_location.code, "to": change.to_location.code},
        at=now,
    )
    notify_holder(did, "location_changed", change=change)
