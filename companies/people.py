"""People the register needs from the identity board: e-residents found by their personal
code, through the digital ID's public selectors (no model managers of another app)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Person:
    personal_code: str
    given_names: str
    surname: str
    date_of_birth: date
    citizenship: str
    user: Any
    active: bool  # holds an active, unexpired digital ID
    card_state: str


def person_by_personal_code(personal_code: str) -> Person | None:
    """The holder of this personal code, from their newest card (active first), or None."""
    from companies.workdays import tallinn_date
    from digital_id.selectors import desk_search

    code = (personal_code or "").strip()
    if not (code.isdigit() and len(code) == 11):
        return None
    cards = list(desk_search(code)[:10])
    if not cards:
        return None
    today = tallinn_date()

    def usable(card: Any) -> bool:
        return card.state == "active" and not (card.expires_on and card.expires_on < today)

    card = next((c for c in cards if usable(c)), cards[0])
    return Person(
        personal_code=code,
        given_names=card.given_names,
        surname=card.surname,
        date_of_birth=card.date_of_birth,
        citizenship=card.citizenship,
        user=card.holder,
        active=usable(card),
        card_state=card.state,
    )


def active_card_of(user: Any):
    from digital_id.selectors import active_digital_id

    return active_digital_id(user)
