"""Races on PostgreSQL with real threads: two officials handing over one card, a hundred
approvals allocating personal codes at once, two holders taking the last place of a slot."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from stdnum.ee import ik

from accounts.constants import Role
from accounts.models import User
from audit.selectors import journal_for
from digital_id.constants import IdState
from digital_id.exceptions import DigitalIdError
from digital_id.models import DigitalId, PersonalCode, PickupBooking, PickupSlot, PinEnvelope
from digital_id.services import (
    digital_id_hand_over,
    digital_id_order,
    lifecycle,
    personal_code_allocate,
    pickup_slot_book,
)
from tests.digital_id.conftest import approved_application, arrive, presented

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(func):
    def run(*args):
        try:
            return func(*args)
        finally:
            connection.close()

    return run


def test_two_officials_hand_over_the_same_card_once(pki, personas, office):
    second = User.objects.create_user(
        email="paul@pickup.example.org", password="x", role=Role.PICKUP_OFFICIAL, given_name="Paul"
    )
    card = digital_id_order(application=approved_application(personas["alice"], office), actor="test")
    card.refresh_from_db()
    assert card.state == IdState.MANUFACTURED, card.manufacture_error
    card = arrive(card, personas["pia"])
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    @_in_thread
    def hand(official):
        barrier.wait()
        try:
            result = digital_id_hand_over(
                digital_id=card, actor=official, presented=presented(), fingerprints_taken=True
            )
            outcomes.append(result.envelope_pdf[:5])
        except DigitalIdError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=hand, args=(official,)) for official in (personas["pia"], second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pdfs = [o for o in outcomes if o == b"%PDF-"]
    refusals = [o for o in outcomes if isinstance(o, DigitalIdError)]
    assert len(pdfs) == 1 and len(refusals) == 1, outcomes
    assert "already handed over" in str(refusals[0])
    card.refresh_from_db()
    assert card.state == IdState.ACTIVE
    assert [e.action for e in journal_for(card)].count("hand_over") == 1
    assert PinEnvelope.objects.get(digital_id=card).destroyed_reason == "handed_over"


def test_a_hundred_approvals_get_a_hundred_distinct_valid_codes(personas, office, monkeypatch):
    # The cards are not made here (no keys): only ordering, codes and numbers are raced.
    monkeypatch.setattr(lifecycle, "enqueue_job_on_commit", lambda *args, **kwargs: None)
    born = date(1991, 2, 3)
    applications = [
        approved_application(
            User.objects.create_user(email=f"e{i}@example.org", password="x", given_name="E", surname=f"R{i}"),
            office,
            date_of_birth=born,
            sex="M" if i % 2 else "F",
            document_number=f"P{i:07d}",
        )
        for i in range(100)
    ]

    @_in_thread
    def approve(application):
        return digital_id_order(application=application, actor="test").pk

    with ThreadPoolExecutor(max_workers=12) as pool:
        ids = list(pool.map(approve, applications))
    assert len(set(ids)) == 100
    codes = list(PersonalCode.objects.values_list("code", flat=True))
    assert len(codes) == 100 and len(set(codes)) == 100
    assert all(ik.is_valid(code) and ik.get_birth_date(code) == born for code in codes)
    for digit, sex in (("3", "M"), ("4", "F")):
        serials = sorted(int(c[7:10]) for c in codes if c[0] == digit)
        assert serials == list(range(1, 51)), sex
    assert DigitalId.objects.values("document_number").distinct().count() == 100
    # Ordering again (a retried approval) does not allocate anything new.
    again = [digital_id_order(application=a, actor="test").pk for a in applications[:5]]
    assert again == ids[:5] and PersonalCode.objects.count() == 100


def test_many_allocations_for_one_person_give_one_code(db):
    someone = User.objects.create_user(email="once@example.org", password="x")

    @_in_thread
    def allocate(_):
        with transaction.atomic():
            return personal_code_allocate(person=someone, birth_date=date(1980, 1, 8), sex="M").code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = set(pool.map(allocate, range(8)))
    assert len(codes) == 1 and PersonalCode.objects.count() == 1


def test_two_holders_race_for_the_last_place(personas, office):
    cards = []
    for key in ("alice", "oscar"):
        application = approved_application(personas[key], office, document_number=f"D{key}")
        code = personal_code_allocate(person=personas[key], birth_date=date(1990, 5, 17), sex="F")
        cards.append(
            DigitalId.objects.create(
                document_number=f"N000000{len(cards) + 1}",
                holder=personas[key],
                personal_code=code,
                application=application,
                state=IdState.AT_PICKUP_POINT,
                given_names="X",
                surname="Y",
                date_of_birth=date(1990, 5, 17),
                sex="F",
                travel_document_type="passport",
                travel_document_number=f"D{key}",
                travel_document_country="DE",
                pickup_location=office,
                pickup_deadline=date.today() + timedelta(days=100),
            )
        )
    slot = PickupSlot.objects.create(location=office, starts_at=timezone.now() + timedelta(days=1), capacity=1)
    barrier = threading.Barrier(2)
    outcomes = []

    @_in_thread
    def book(card):
        barrier.wait()
        try:
            pickup_slot_book(digital_id=card, slot=slot, actor=card.holder)
            outcomes.append("booked")
        except DigitalIdError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=book, args=(card,)) for card in cards]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("booked") == 1, outcomes
    assert "just taken" in next(o for o in outcomes if o != "booked")
    assert PickupBooking.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1
