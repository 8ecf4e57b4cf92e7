"""Who is re-screened when a new list version loads, and who hears of a new hit.

Screening sits below the apps that hold people (e-Residency, the business register), so
it cannot import them; they register here at start-up (in ``AppConfig.ready``)::

    from screening.registry import Subject, register_subject_source

    def e_residents():
        for app in Application.objects.filter(state="approved"):
            yield Subject(key=f"application:{app.code}", label=..., given_names=..., ...)

    register_subject_source("eresidency", e_residents, on_new_hit=route_to_officials)

``subjects()`` is called once per re-screen, in the background task, and may yield
thousands of subjects. ``on_new_hit(alert)`` runs after the transaction that created the
:class:`~screening.models.ScreeningAlert` commits, once per new alert of that source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Subject:
    """One person to re-screen. ``key`` is stable and unique within its source."""

    key: str
    label: str
    given_names: str
    surname: str
    date_of_birth: date | None = None
    nationality: str = ""  # ISO 3166-1 alpha-2 or ""


@dataclass(frozen=True)
class SubjectSource:
    name: str
    subjects: Callable[[], Iterable[Subject]]
    on_new_hit: Callable[[Any], None] | None = None


_SOURCES: dict[str, SubjectSource] = {}


def register_subject_source(
    name: str,
    subjects: Callable[[], Iterable[Subject]],
    *,
    on_new_hit: Callable[[Any], None] | None = None,
) -> None:
    """Register (or replace, by name) a source of people to re-screen on a new list version."""
    if not name or len(name) > 50:
        raise ValueError("a subject source needs a name of at most 50 characters")
    _SOURCES[name] = SubjectSource(name, subjects, on_new_hit)


def unregister_subject_source(name: str) -> None:
    _SOURCES.pop(name, None)


def subject_sources() -> list[SubjectSource]:
    return [_SOURCES[name] for name in sorted(_SOURCES)]


def subject_source(name: str) -> SubjectSource | None:
    return _SOURCES.get(name)
