"""Frozen records the business register hands to other apps (re-exported by selectors)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CompanyInfo:
    registry_code: str
    name: str
    status: str
    registered_on: date
    email: str
    address: str
    financial_year_end: str  # "MM-DD"


@dataclass(frozen=True)
class Representative:
    personal_code: str
    given_names: str
    surname: str
    role: str  # "board_member"
    represents_alone: bool
    user_id: int | None
