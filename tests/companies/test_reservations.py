"""Reservations (§2.4): one per person, 6 months, one extension of 3 months asked at least
5 working days before expiry, lapsed by the scheduled job; through the pages too."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.selectors import journal_for
from companies.exceptions import NameUnavailable, ReservationRefused
from companies.models import NameReservation
from companies.services import (
    name_reservation_cancel,
    name_reservation_create,
    name_reservation_extend,
    name_reservations_expire,
)
from tests.conftest import signed_in_client


def test_reserve_for_six_months(personas):
    r = name_reservation_create(
        holder=personas["alice"], name="Merevaade oü", actor=personas["alice"], today=date(2026, 3, 2)
    )
    assert (r.name, r.reserved_on, r.expires_on, r.state) == (
        "Merevaade OÜ",
        date(2026, 3, 2),
        date(2026, 9, 2),
        "active",
    )
    assert [e.action for e in journal_for(r)] == ["reserve"]


def test_one_active_reservation_per_person(personas):
    alice = personas["alice"]
    name_reservation_create(holder=alice, name="Merevaade OÜ", actor=alice)
    with pytest.raises(ReservationRefused, match="one at a time"):
        name_reservation_create(holder=alice, name="Kuusemets OÜ", actor=alice)


def test_a_taken_name_cannot_be_reserved(personas, fotoluks):
    with pytest.raises(NameUnavailable, match="Fotoluks OÜ"):
        name_reservation_create(holder=personas["alice"], name="Photolux OÜ", actor=personas["alice"])
    assert not NameReservation.objects.exists()


def test_extension_once_and_only_until_five_working_days_before(personas):
    alice = personas["alice"]
    r = name_reservation_create(holder=alice, name="Merevaade OÜ", actor=alice, today=date(2026, 6, 1))
    assert r.expires_on == date(2026, 12, 1)
    # 5 working days before Tue 1.12.2026 is Tue 24.11.2026.
    with pytest.raises(ReservationRefused, match=r"24\.11\.2026"):
        name_reservation_extend(reservation=r, actor=alice, today=date(2026, 11, 25))
    r = name_reservation_extend(reservation=r, actor=alice, today=date(2026, 11, 24))
    assert r.expires_on == date(2027, 3, 1)
    with pytest.raises(ReservationRefused, match="only once"):
        name_reservation_extend(reservation=r, actor=alice, today=date(2026, 11, 24))


def test_the_scheduled_job_ends_lapsed_reservations_once(personas):
    alice = personas["alice"]
    r = name_reservation_create(holder=alice, name="Merevaade OÜ", actor=alice, today=date(2026, 1, 5))
    assert name_reservations_expire(today=date(2026, 7, 5)) == 0
    assert name_reservations_expire(today=date(2026, 7, 6)) == 1
    assert name_reservations_expire(today=date(2026, 7, 6)) == 0
    r.refresh_from_db()
    assert r.state == "lapsed" and [e.action for e in journal_for(r)][-1] == "lapse"


def test_the_command_is_scheduled(settings, db):
    assert ["expire_name_reservations"] in settings.SCHEDULED_COMMANDS
    call_command("expire_name_reservations")


def test_cancel_frees_the_name(personas):
    alice, oscar = personas["alice"], personas["oscar"]
    r = name_reservation_create(holder=alice, name="Merevaade OÜ", actor=alice)
    name_reservation_cancel(reservation=r, actor=alice)
    assert name_reservation_create(holder=oscar, name="Merevaade OÜ", actor=oscar).state == "active"


def test_reserve_extend_and_cancel_through_the_page(personas):
    client = signed_in_client(personas["alice"])
    url = reverse("companies:reservations")
    response = client.post(url, {"name": "Café OÜ"})
    assert response.status_code == 200 and "not allowed" in response.content.decode()
    response = client.post(url, {"name": "Merevaade OÜ"}, follow=True)
    assert "is reserved for you until" in response.content.decode()
    r = NameReservation.objects.get(holder=personas["alice"])
    response = client.post(reverse("companies:reservation_extend", args=[r.code]), follow=True)
    assert "The reservation now ends on" in response.content.decode()
    other = signed_in_client(personas["oscar"])
    assert other.post(reverse("companies:reservation_cancel", args=[r.code])).status_code == 404
    client.post(reverse("companies:reservation_cancel", args=[r.code]))
    r.refresh_from_db()
    assert r.state == "cancelled"
