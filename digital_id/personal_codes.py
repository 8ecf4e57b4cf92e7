"""Estonian personal identification codes (isikukood, EVS 585) for e-residents.

Format ``G YY MM DD SSS C`` (estonia-facts §1.6): G is the century and sex digit (1/2 for
the 1800s, 3/4 for the 1900s, 5/6 for the 2000s, 7/8 for the 2100s; odd = male), then the
birth date, a serial number among people born that day, and a check digit. The check digit
is python-stdnum's (``stdnum.ee.ik.calc_check_digit``) and every code is validated with
``stdnum.ee.ik.is_valid`` before it is stored.

The pure functions live here; the allocation (a counter row per birth date and G digit,
locked with ``SELECT … FOR UPDATE``) is ``services.personal_code_allocate``.
"""

from __future__ import annotations

from datetime import date

from stdnum.ee import ik

from digital_id.constants import setting

MAX_SERIAL = 999


def century_sex_digit(birth_date: date, sex: str) -> int:
    """The first digit for someone born on ``birth_date`` of ``sex`` ("M" or "F").

    EVS 585 has no digit for an unspecified sex ("X" in a passport): such codes take the
    digit of ``settings.DIGITAL_ID_UNSPECIFIED_SEX_AS`` ("M" by default).
    """
    if sex not in ("M", "F"):
        sex = setting("DIGITAL_ID_UNSPECIFIED_SEX_AS", "M")
    century = birth_date.year // 100
    if not 18 <= century <= 21:
        raise ValueError(f"No Estonian personal code exists for birth year {birth_date.year}.")
    base = (century - 18) * 2 + 1  # 1800s → 1, 1900s → 3, 2000s → 5, 2100s → 7
    return base if sex == "M" else base + 1


def build(*, digit: int, birth_date: date, serial: int) -> str:
    """The full 11-digit code, check digit included."""
    if not 0 < serial <= MAX_SERIAL:
        raise ValueError("The serial number must be between 1 and 999.")
    stem = f"{digit}{birth_date:%y%m%d}{serial:03d}"
    # stdnum's calc_check_digit takes the full 11-digit number and ignores its last digit.
    code = stem + ik.calc_check_digit(stem + "0")
    if not ik.is_valid(code):  # never store a code the national validator would refuse
        raise ValueError(f"{code} is not a valid personal code.")
    return code


def is_valid(code: str) -> bool:
    return ik.is_valid(code or "")


def birth_date_of(code: str) -> date:
    return ik.get_birth_date(code)
