"""Choices and the tunable numbers of the matcher.

Every number here can be overridden in settings (``SCREENING_<NAME>``); read them through
:func:`setting` so a change in settings (or a test's ``settings`` fixture) applies at once.
The defaults were tuned with ``python -m bench.eval_screening --sweep`` (the tuning set only)
on the OFAC SDN snapshot of 2024-05-03: threshold 86 gives recall 97.1 % on 1,500 perturbed
listed names (30 % of them name only) at 0.8 % false alerts on 4,000 ordinary names. The
held-out set (``bench/heldout_screening.py``) only measures them; it never sets them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    ENTITY = "entity", _("entity")
    VESSEL = "vessel", _("vessel")
    AIRCRAFT = "aircraft", _("aircraft")


class NameKind(models.TextChoices):
    PRIMARY = "primary", _("primary name")
    AKA = "aka", _("also known as")
    FKA = "fka", _("formerly known as")
    NKA = "nka", _("now known as")


# Fields a hit can match on (Hit.fields).
FIELD_NAME = "name"
FIELD_DATE_OF_BIRTH = "date_of_birth"
FIELD_NATIONALITY = "nationality"

DEFAULTS: dict[str, Any] = {
    # A hit needs a final score at or above this (0-100) ...
    "HIT_THRESHOLD": 86.0,
    # ... and a name score at or above this, so birth date and nationality alone never
    # turn a weak name resemblance into a hit.
    "MIN_NAME_SCORE": 78.0,
    # Adjustments to the name score (points).
    "DOB_EXACT_BONUS": 10.0,  # the listed full date equals the applicant's
    "DOB_WITHIN_BONUS": 6.0,  # the applicant's date lies in a listed year, month, range or circa span
    "DOB_TRANSPOSED_BONUS": 4.0,  # day and month swapped (a common data-entry slip)
    "DOB_NEAR_PENALTY": -8.0,  # within DOB_NEAR_YEARS of a listed date, but not matching
    "DOB_CONFLICT_PENALTY": -30.0,  # further away than that from every listed date
    "DOB_NEAR_YEARS": 2,
    "DOB_CIRCA_YEARS": 2,  # "circa 1960" is read as 1958-1962
    "NATIONALITY_BONUS": 4.0,
    "NATIONALITY_MISMATCH": 0.0,  # people hold several passports; a mismatch is weak evidence
    # Token blocking: a listed token is a candidate for a query token at this rapidfuzz ratio.
    "TOKEN_CUTOFF": 65.0,
    # The most hits one screening returns (best first).
    "MAX_HITS": 20,
}


def setting(name: str) -> Any:
    """``settings.SCREENING_<name>`` if set, else the default above."""
    return getattr(settings, f"SCREENING_{name}", DEFAULTS[name])


@dataclass(frozen=True)
class Params:
    """The numbers above as read from settings once, for one screening."""

    hit_threshold: float
    min_name_score: float
    dob_exact_bonus: float
    dob_within_bonus: float
    dob_transposed_bonus: float
    dob_near_penalty: float
    dob_conflict_penalty: float
    dob_near_years: float
    dob_circa_years: int
    nationality_bonus: float
    nationality_mismatch: float
    token_cutoff: float
    max_hits: int

    @classmethod
    def current(cls) -> Params:
        values = {}
        for f in fields(cls):
            kind = int if f.type in ("int", int) else float
            values[f.name] = kind(setting(f.name.upper()))
        return cls(**values)

    @property
    def name_floor(self) -> float:
        """No name scoring below this can become a hit, whatever its other evidence."""
        best_evidence = max(self.dob_exact_bonus, self.dob_within_bonus) + max(0.0, self.nationality_bonus)
        return max(0.0, min(self.min_name_score, self.hit_threshold - best_evidence))
