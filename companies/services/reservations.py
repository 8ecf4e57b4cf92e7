"""Name reservations (§2.4): one active per person, 6 months, extendable once by 3 months
when asked at least 5 working days before expiry; a scheduled job ends lapsed ones."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from companies import constants
from companies.constants import ReservationState
from companies.exceptions import NameUnavailable, NotAllowed, ReservationRefused, WrongState
from companies.models import NameReservation
from companies.search import check_name
from companies.workdays import add_months, subtract_working_days, tallinn_date


def name_reservation_create(*, holder: Any, name: str, actor: Any, today: date | None = None) -> NameReservation:
    today = today or tallinn_date()
    verdict = check_name(name, holder=holder)
    if not verdict.available:
        reasons = verdict.problems or [
            _("“%(name)s” is not clearly distinguishable from “%(other)s” (%(reason)s).")
            % {"name": verdict.normalised, "other": c.name, "reason": c.reason}
            for c in verdict.conflicts[:3]
        ]
        raise NameUnavailable(" ".join(reasons), field="name", verdict=verdict)
    if NameReservation.objects.filter(holder=holder, state=ReservationState.ACTIVE).exists():
        raise ReservationRefused(
            _("You already hold an active reservation; a person may hold one at a time. Cancel it first."),
            field="name",
        )
    reservation = NameReservation(
        holder=holder,
        name=verdict.normalised,
        reserved_on=today,
        expires_on=add_months(today, constants.reservation_months()),
    )
    reservation.set_keys()
    try:
        with transaction.atomic():
            reservation.save()
            journal_record(
                actor=actor,
                action="reserve",
                subject=reservation,
                to_state=reservation.state,
                data={"name": reservation.name},
            )
    except IntegrityError:
        # Two reservations at once: the partial unique indexes let one through.
        raise ReservationRefused(
            _("The name was just reserved, or you already hold a reservation. Check the name again."), field="name"
        )
    return reservation


def _lock_own(reservation: NameReservation, actor: Any) -> NameReservation:
    locked = NameReservation.objects.select_for_update().get(pk=reservation.pk)
    if locked.holder_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Only the holder can change this reservation."))
    return locked


def extension_deadline(reservation: NameReservation) -> date:
    return subtract_working_days(reservation.expires_on, constants.reservation_extension_notice_days())


def name_reservation_extend(*, reservation: NameReservation, actor: Any, today: date | None = None) -> NameReservation:
    today = today or tallinn_date()
    with transaction.atomic():
        locked = _lock_own(reservation, actor)
        if locked.state != ReservationState.ACTIVE:
            raise WrongState(_("Only an active reservation can be extended."))
        if locked.extended_on is not None:
            raise ReservationRefused(_("A reservation can be extended only once."))
        last = extension_deadline(locked)
        if today > last:
            raise ReservationRefused(
                _("An extension must be asked at least %(n)s working days before expiry, that is by %(date)s.")
                % {"n": constants.reservation_extension_notice_days(), "date": last.strftime("%d.%m.%Y")}
            )
        old = locked.expires_on
        locked.expires_on = add_months(old, constants.reservation_extension_months())
        locked.extended_on = today
        locked.save(update_fields=["expires_on", "extended_on"])
        journal_record(
            actor=actor,
            action="extend",
            subject=locked,
            data={"from": old.isoformat(), "to": locked.expires_on.isoformat()},
        )
    return locked


def name_reservation_cancel(*, reservation: NameReservation, actor: Any) -> NameReservation:
    with transaction.atomic():
        locked = _lock_own(reservation, actor)
        if locked.state != ReservationState.ACTIVE:
            raise WrongState(_("The reservation is no longer active."))
        transition(locked, "cancel", actor=actor, reason="cancelled by the holder")
    return locked


def name_reservation_use(*, holder: Any, name_key: str, actor: Any) -> None:
    """The holder's reservation of this name ends when the company is registered."""
    reservation = (
        NameReservation.objects.select_for_update()
        .filter(holder=holder, name_key=name_key, state=ReservationState.ACTIVE)
        .first()
    )
    if reservation is not None:
        transition(reservation, "use", actor=actor, reason="company registered under the reserved name")


def name_reservations_expire(*, today: date | None = None) -> int:
    """End every reservation whose last day has passed. Idempotent."""
    today = today or tallinn_date()
    ended = 0
    for pk in NameReservation.objects.filter(state=ReservationState.ACTIVE, expires_on__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            reservation = NameReservation.objects.select_for_update().get(pk=pk)
            if reservation.state != ReservationState.ACTIVE or reservation.expires_on >= today:
                continue
            transition(reservation, "lapse", actor="task:reservations", reason="reservation term ended")
            ended += 1
    return ended
