"""Named journal events: each app declares its events once (``<app>/events.py``), with the
text officials read in every language (third person) and, where the person concerned sees
the entry, the text they read (second person). Timelines read these texts from here, so a
renamed action cannot silently show its raw name: an action with no event is reported by
``describe`` and caught by ``tests/test_journal_events.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """One kind of journal entry. ``str(event)`` is its action name, as stored."""

    subject: str  # the journal's subject type, e.g. "eresidency.application"
    action: str
    official: Promise  # what an official reads (third person)
    public: Promise | None = None  # what the person concerned reads, or None: not shown to them
    # Optional: builds the official text from the entry's data (for texts naming a stage…).
    render: Callable[[Any], str] | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.action

    def official_text(self, entry: Any) -> str:
        if self.render is not None:
            return self.render(entry)
        return str(self.official)

    def public_text(self) -> str | None:
        return None if self.public is None else str(self.public)


_events: dict[tuple[str, str], Event] = {}


def event(
    subject: str,
    action: str,
    *,
    official: Promise,
    public: Promise | None = None,
    render: Callable[[Any], str] | None = None,
) -> Event:
    """Declare (and register) an event; declaring one name twice for a subject is an error."""
    declared = Event(subject, action, official, public, render)
    key = (subject, action)
    if key in _events and _events[key] != declared:
        raise ValueError(f"Journal event {subject}:{action} is declared twice.")
    _events[key] = declared
    return declared


def registered_events() -> Mapping[tuple[str, str], Event]:
    return dict(_events)


def event_for(subject_type: str, action: str) -> Event | None:
    return _events.get((subject_type, action))


def describe(entry: Any, *, official: bool = True) -> str | None:
    """The entry in words, for an official (third person) or the person concerned (second
    person; ``None`` when the entry is not theirs to see)."""
    declared = event_for(entry.subject_type, entry.action)
    if declared is None:
        logger.error("Journal action %s:%s has no declared event", entry.subject_type, entry.action)
        return _("Recorded: %(action)s") % {"action": entry.action} if official else None
    return declared.official_text(entry) if official else declared.public_text()
