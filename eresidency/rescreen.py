"""E-residents in the screening re-screen: who they are, and where their new hits go.

Registered with :mod:`screening.registry` at start-up (``EresidencyConfig.ready``). A new
hit on an e-resident is journaled on their application (so it shows in its timeline) and
appears in the identity officials' "needs attention" list until an official resolves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from audit.services import journal_record
from eresidency import events
from eresidency.constants import State
from eresidency.models import Application
from screening.registry import Subject

SOURCE = "eresidency"
KEY_PREFIX = "application:"


def e_residents() -> Iterator[Subject]:
    """Every approved application's person, as their travel document names them."""
    rows = (
        Application.objects.filter(state=State.APPROVED)
        .order_by("id")
        .values_list("code", "given_names", "surname", "date_of_birth", "citizenship")
    )
    for code, given, surname, dob, citizenship in rows.iterator(chunk_size=2000):
        yield Subject(
            key=f"{KEY_PREFIX}{code}",
            label=" ".join(p for p in (given, surname) if p),
            given_names=given,
            surname=surname,
            date_of_birth=dob,
            nationality=citizenship,
        )


def application_code(alert: Any) -> str:
    return alert.subject_key.removeprefix(KEY_PREFIX)


def new_hit(alert: Any) -> None:
    """Journal the new hit on the e-resident's application."""
    application = Application.objects.filter(code=application_code(alert)).first()
    if application is None:
        return
    journal_record(
        actor="task:rescreen",
        action=events.SANCTIONS_NEW_HIT,
        subject=application,
        reason=alert.hit.get("explanation", "")[:500],
        data={"alert": str(alert.code), "entry": alert.entry_uid, "score": alert.score},
    )
