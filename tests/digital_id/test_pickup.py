"""Booking a pick-up time (capacity holds) and moving the card to another point (the fee is
paid through payments; the six months do not start again)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.selectors import journal_for
from digital_id.constants import PICKUP_CHANGE_PURPOSE, ChangeStatus, IdState
from digital_id.dates import tallinn_date
from digital_id.exceptions import SlotUnavailable, WrongState
from digital_id.models import PickupBooking, PickupChange, PickupSlot
from digital_id.services import pickup_change_start, pickup_slot_book, pickup_slots_generate
from tests.digital_id.conftest import approved_application, arrive, order_card


def slot(location, *, hours=24, capacity=1):
    return PickupSlot.objects.create(
        location=location, starts_at=timezone.now() + timedelta(hours=hours), capacity=capacity
    )


def test_booking_only_after_arrival(made, office):
    with pytest.raises(WrongState, match="arrived"):
        pickup_slot_book(digital_id=made, slot=slot(office), actor=made.holder)


def test_booking_respects_capacity_and_moves_an_existing_booking(
    waiting, personas, office, pki, django_capture_on_commit_callbacks
):
    other = arrive(
        order_card(
            approved_application(personas["oscar"], office, document_number="X1234567"),
            django_capture_on_commit_callbacks,
        ),
        personas["pia"],
    )
    one = slot(office, capacity=1)
    pickup_slot_book(digital_id=waiting, slot=one, actor=waiting.holder)
    with pytest.raises(SlotUnavailable, match="just taken"):
        pickup_slot_book(digital_id=other, slot=one, actor=other.holder)
    later = slot(office, hours=48, capacity=1)
    pickup_slot_book(digital_id=waiting, slot=later, actor=waiting.holder)  # moves Alice's booking
    assert PickupBooking.objects.filter(digital_id=waiting, cancelled_at__isnull=True).get().slot == later
    pickup_slot_book(digital_id=other, slot=one, actor=other.holder)  # the freed place
    assert PickupBooking.objects.filter(slot=one, cancelled_at__isnull=True).count() == 1


def test_slots_elsewhere_in_the_past_or_after_the_deadline_are_refused(waiting, embassy, office):
    with pytest.raises(SlotUnavailable, match="another pick-up point"):
        pickup_slot_book(digital_id=waiting, slot=slot(embassy), actor=waiting.holder)
    with pytest.raises(SlotUnavailable, match="passed"):
        pickup_slot_book(digital_id=waiting, slot=slot(office, hours=-2), actor=waiting.holder)
    days = (waiting.pickup_deadline - tallinn_date()).days + 2
    with pytest.raises(SlotUnavailable, match="last day"):
        pickup_slot_book(digital_id=waiting, slot=slot(office, hours=24 * days), actor=waiting.holder)


def test_only_the_holder_books(waiting, personas, office):
    from digital_id.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        pickup_slot_book(digital_id=waiting, slot=slot(office), actor=personas["oscar"])


def test_generate_slots_on_working_days_only(office, embassy):
    monday = tallinn_date() + timedelta(days=(7 - tallinn_date().weekday()))
    created = pickup_slots_generate(start=monday, days=7, capacity=2)
    assert created == 2 * 5 * 14  # two locations, five working days, 9:00-16:00 every 30 minutes
    assert pickup_slots_generate(start=monday, days=7, capacity=2) == 0  # idempotent
    assert {timezone.localtime(s.starts_at).weekday() for s in PickupSlot.objects.all()} == {0, 1, 2, 3, 4}


def _pay(change_code, holder):
    from payments.selectors import payment_for
    from payments.services import local_checkout_act

    payment = payment_for(purpose=PICKUP_CHANGE_PURPOSE, reference=str(change_code))
    local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=holder)
    return payment


@pytest.mark.parametrize(
    ("target", "fee", "amount"),
    [("embassy", "pickup_change_office_to_embassy", "30.00"), ("office2", "pickup_change_office_to_office", "10.00")],
)
def test_moving_the_card_costs_the_dated_fee(made, embassy, target, fee, amount):
    from eresidency.models import PickupLocation
    from payments.selectors import payment_for

    destination = embassy
    if target == "office2":
        destination = PickupLocation.objects.create(
            code="tartu-ppa", name="PPA Tartu", kind="ppa_office", country="EE", city="Tartu", address="Riia 132"
        )
    url = pickup_change_start(digital_id=made, to_location=destination, actor=made.holder, return_url="/id/")
    change = PickupChange.objects.get()
    assert change.fee_code == fee
    payment = payment_for(purpose=PICKUP_CHANGE_PURPOSE, reference=str(change.code))
    assert str(payment.amount) == amount and payment.payer == made.holder
    assert url  # where the holder pays


def test_paid_move_of_a_waiting_card_keeps_the_deadline(waiting, embassy, personas):
    deadline = waiting.pickup_deadline
    pickup_change_start(digital_id=waiting, to_location=embassy, actor=waiting.holder, return_url="/id/")
    change = PickupChange.objects.get()
    waiting.refresh_from_db()
    assert waiting.pickup_location != embassy  # nothing moves before the fee is paid
    _pay(change.code, waiting.holder)
    change.refresh_from_db()
    waiting.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED
    assert waiting.pickup_location == embassy
    # The change's own move is journaled under the card.
    moved = next(e for e in journal_for(waiting) if e.action == "pickup_location_changed")
    assert (moved.from_state, moved.to_state) == (ChangeStatus.AWAITING_PAYMENT, ChangeStatus.APPLIED)
    assert moved.data["change"] == str(change.code)
    assert waiting.state == IdState.MANUFACTURED  # on its way to the new point
    arrive(waiting, personas["pia"])
    waiting.refresh_from_db()
    assert waiting.state == IdState.AT_PICKUP_POINT and waiting.pickup_deadline == deadline


def test_a_move_paid_after_hand_over_is_not_applied(waiting, embassy, personas):
    from tests.digital_id.conftest import hand_over

    pickup_change_start(digital_id=waiting, to_location=embassy, actor=waiting.holder, return_url="/id/")
    change = PickupChange.objects.get()
    hand_over(waiting, personas["pia"])
    _pay(change.code, waiting.holder)
    change.refresh_from_db()
    waiting.refresh_from_db()
    assert change.status == ChangeStatus.NOT_APPLIED and waiting.pickup_location != embassy
    late = next(e for e in journal_for(waiting) if e.action == "pickup_change_paid_too_late")
    assert late.to_state == ChangeStatus.NOT_APPLIED and late.actor_label == "payments"


def test_cannot_move_to_the_same_point(made, office):
    from digital_id.exceptions import DigitalIdError

    with pytest.raises(DigitalIdError, match="already goes"):
        pickup_change_start(digital_id=made, to_location=office, actor=made.holder, return_url="/")
    assert not PickupChange.objects.exists()


def test_cannot_move_after_hand_over(handed, embassy):
    with pytest.raises(WrongState):
        pickup_change_start(digital_id=handed.card, to_location=embassy, actor=handed.card.holder, return_url="/")
    assert not PickupChange.objects.exists()
