"""Allocating personal identification codes and card document numbers."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from digital_id import personal_codes
from digital_id.constants import DOCUMENT_NUMBER_DIGITS, DOCUMENT_NUMBER_PREFIX
from digital_id.exceptions import NoSerialLeft
from digital_id.models import DigitalId, PersonalCode, PersonalCodeCounter


def personal_code_allocate(*, person: Any, birth_date: date, sex: str) -> PersonalCode:
    """The person's personal code: the one they already have (codes are for life), or a new
    one with the next free serial for their birth date and century/sex digit.

    Many approvals at once are safe: the counter row for (birth date, digit) is locked with
    ``SELECT … FOR UPDATE`` from reading the last serial to writing the next, so concurrent
    allocations for the same day queue up; the unique constraints on the code and on the
    person are the backstop.
    """
    existing = PersonalCode.objects.filter(person=person).first()
    if existing is not None:
        return existing
    digit = personal_codes.century_sex_digit(birth_date, sex)
    try:
        with transaction.atomic():
            # Create the counter row if it is missing without a race (INSERT … ON CONFLICT
            # DO NOTHING), then lock it.
            PersonalCodeCounter.objects.bulk_create(
                [PersonalCodeCounter(birth_date=birth_date, digit=digit, last_serial=0)], ignore_conflicts=True
            )
            counter = PersonalCodeCounter.objects.select_for_update().get(birth_date=birth_date, digit=digit)
            serial = counter.last_serial
            taken = set(
                PersonalCode.objects.filter(birth_date=birth_date, digit=digit).values_list("serial", flat=True)
            )
            while True:
                serial += 1
                if serial > personal_codes.MAX_SERIAL:
                    raise NoSerialLeft(
                        _("No personal identification code is left for this birth date. Contact the identity board.")
                    )
                if serial not in taken:
                    break
            counter.last_serial = serial
            counter.save(update_fields=["last_serial"])
            return PersonalCode.objects.create(
                code=personal_codes.build(digit=digit, birth_date=birth_date, serial=serial),
                person=person,
                birth_date=birth_date,
                digit=digit,
                serial=serial,
            )
    except IntegrityError:
        # The same person was given a code by a concurrent approval: keep that one.
        existing = PersonalCode.objects.filter(person=person).first()
        if existing is None:
            raise
        return existing


def document_number_new() -> str:
    """A free card number, "N" and seven random digits (random: numbers reveal no volumes)."""
    for _attempt in range(20):
        number = f"{DOCUMENT_NUMBER_PREFIX}{secrets.randbelow(10**DOCUMENT_NUMBER_DIGITS):0{DOCUMENT_NUMBER_DIGITS}d}"
        if not DigitalId.objects.filter(document_number=number).exists():
            return number
    raise RuntimeError("Could not find a free document number after 20 tries.")
