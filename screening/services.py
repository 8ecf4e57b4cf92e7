"""Writes and the screening service: loading list versions, screening people.

Contract for other apps (docs/contracts.md):

- ``screen_person(*, given_names, surname, date_of_birth, nationality="") -> ScreeningResult``
  raises :class:`~screening.exceptions.NoListLoaded` when no list is loaded;
- ``index_warm()`` builds the in-memory index now (at start-up or after a load);
- ``Hit`` / ``ScreeningResult`` (re-exported from :mod:`screening.results`) with
  ``to_dict()`` / ``from_dict()``.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.services import Actor, journal_record
from audit.types import ActorLike
from screening.constants import NameKind, Params
from screening.countries import country_code
from screening.exceptions import ListConflict, ListFormatError
from screening.index import Match, ScreeningIndex, get_index
from screening.loaders import get_loader
from screening.loaders.base import ParsedEntry
from screening.matcher import components, explain, matched_fields
from screening.models import Entry, EntryName, ListVersion, SanctionsList
from screening.normalise import (
    NormalisedName,
    normalise_listed,
    normalise_organisation,
    normalise_person,
)
from screening.rescreen import rescreen_create
from screening.results import Hit, ScreeningResult

__all__ = [
    "Hit",
    "LoadOutcome",
    "ScreeningResult",
    "index_warm",
    "list_version_load",
    "screen_organisation",
    "screen_person",
]

BATCH_SIZE = 2000
REMARKS_EXCERPT = 400
NAME_MAX = 500


# --- Loading lists -----------------------------------------------------------------------


@dataclass
class LoadOutcome:
    version: ListVersion
    created: bool  # False: this file was already loaded, nothing changed
    message: str
    seconds: float


def list_version_load(
    *,
    name: str,
    fmt: str,
    data: bytes,
    source_name: str = "",
    published_on: date | None = None,
    slug: str = "",
    actor: ActorLike,
) -> LoadOutcome:
    """Store ``data`` (one published file) as a new version of the list and make it current.

    The same file (by SHA-256) loaded again for the same list is a no-op that says so. The
    file is parsed completely before anything is written; the version, its entries and
    names, and the switch of the list's current version happen in one transaction.
    """
    started = time.perf_counter()
    slug = slug or slugify(name)
    if not slug:
        raise ListFormatError(_("The list needs a name."))
    loader = get_loader(fmt)
    sha = hashlib.sha256(data).hexdigest()
    existing = _existing_version(slug, sha)
    if existing is not None:
        return _already_loaded(existing, started)
    parsed = list(loader.parse(data))
    if not parsed:
        raise ListFormatError(_("The file holds no entries."))
    with transaction.atomic():
        sanctions_list, _created = SanctionsList.objects.get_or_create(
            slug=slug, defaults={"name": name, "format": fmt}
        )
        sanctions_list = SanctionsList.objects.select_for_update().get(pk=sanctions_list.pk)
        if sanctions_list.format != fmt:
            raise ListConflict(
                _("The list %(list)s is loaded from %(format)s files, not %(requested)s.")
                % {"list": sanctions_list.name, "format": sanctions_list.format, "requested": fmt}
            )
        existing = _existing_version(slug, sha)  # another loader may have won the lock first
        if existing is not None:
            return _already_loaded(existing, started)
        previous = sanctions_list.current_version
        version = ListVersion.objects.create(
            sanctions_list=sanctions_list,
            loaded_by=Actor.of(actor).label,
            published_on=published_on,
            source_name=source_name[:500],
            source_sha256=sha,
            source_size=len(data),
        )
        entry_count, name_count = _store_entries(version, slug, parsed)
        kinds = Counter(str(e.kind) for e in parsed)
        report = loader.report
        version.entry_count = entry_count
        version.name_count = name_count
        version.load_seconds = round(time.perf_counter() - started, 3)
        version.stats = {
            "kinds": dict(sorted(kinds.items())),
            "aliases": sum(len(e.aliases) for e in parsed),
            "dates_of_birth": sum(len(e.dates_of_birth) for e in parsed),
            "unparsed_dates": report.unparsed_dates,
            "unmapped_countries": report.unmapped_countries,
            "warnings": report.warnings,
        }
        version.save()
        sanctions_list.current_version = version
        if sanctions_list.name != name:
            sanctions_list.name = name
        sanctions_list.save(update_fields=["current_version", "name"])
        rescreen = rescreen_create(version, previous)
        journal_record(
            actor=actor,
            action="screening.list_version_loaded",
            subject=version,
            reason=f"{sanctions_list.name}: {source_name}",
            data={
                "list": slug,
                "sha256": sha,
                "entries": entry_count,
                "names": name_count,
                "previous_version": str(previous.code) if previous else None,
                "rescreen": str(rescreen.code),
            },
        )
    seconds = time.perf_counter() - started
    message = _("Loaded %(label)s: %(entries)d entries, %(names)d names, in %(seconds).1f s; it is now current.") % {
        "label": version.label,
        "entries": entry_count,
        "names": name_count,
        "seconds": seconds,
    }
    return LoadOutcome(version=version, created=True, message=message, seconds=seconds)


def _existing_version(slug: str, sha: str) -> ListVersion | None:
    return (
        ListVersion.objects.select_related("sanctions_list")
        .filter(sanctions_list__slug=slug, source_sha256=sha)
        .first()
    )


def _already_loaded(version: ListVersion, started: float) -> LoadOutcome:
    if version.is_current:
        message = _("This file is already loaded as %(label)s, the current version; nothing changed.")
    else:
        message = _(
            "This file was already loaded as %(label)s, which is no longer the current version; nothing changed."
        )
    return LoadOutcome(
        version=version,
        created=False,
        message=message % {"label": version.label},
        seconds=time.perf_counter() - started,
    )


def _store_entries(version: ListVersion, slug: str, parsed: list[ParsedEntry]) -> tuple[int, int]:
    entries = [
        Entry(
            version=version,
            source_id=p.source_id,
            uid=f"{slug}:{p.source_id}",
            kind=p.kind,
            primary_name=p.primary_name[:NAME_MAX],
            title=p.title,
            programs=p.programs,
            dates_of_birth=[d.as_json() for d in p.dates_of_birth],
            places_of_birth=p.places_of_birth,
            nationalities=p.nationalities,
            citizenships=p.citizenships,
            remarks=p.remarks,
        )
        for p in parsed
    ]
    Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    if any(e.pk is None for e in entries):  # a backend that does not return ids
        ids = dict(Entry.objects.filter(version=version).values_list("source_id", "id"))
        for e in entries:
            e.pk = e.id = ids[e.source_id]
    names = []
    for entry, p in zip(entries, parsed, strict=True):
        for listed in p.names:
            text = listed.name[:NAME_MAX]
            norm = normalise_listed(text, individual=p.is_individual)
            names.append(
                EntryName(
                    entry_id=entry.pk,
                    version=version,
                    name=text,
                    kind=listed.kind,
                    normalised=norm.text[:NAME_MAX],
                )
            )
    EntryName.objects.bulk_create(names, batch_size=BATCH_SIZE)
    return len(entries), len(names)


# --- Screening -----------------------------------------------------------------------------


def index_warm() -> ScreeningIndex:
    """Build the in-memory index for the current list versions now (raises NoListLoaded)."""
    return get_index()


def screen_person(
    *,
    given_names: str,
    surname: str,
    date_of_birth: date | None,
    nationality: str = "",
    include_entities: bool = False,
) -> ScreeningResult:
    """Screen one person against the current version of every loaded list.

    ``nationality`` is an ISO 3166-1 alpha-2 code or "". Individuals are compared with
    listed individuals only, unless ``include_entities``. Raises NoListLoaded when no list
    is loaded: the caller must not read that as "clear".
    """
    index = get_index()
    query = normalise_person(given_names, surname)
    nationality = _country(nationality)
    matches = index.search(
        query, date_of_birth=date_of_birth, nationality=nationality, include_entities=include_entities
    )
    applicant = " ".join(part for part in (given_names.strip(), surname.strip()) if part)
    return _result(index, matches, query, applicant, date_of_birth, nationality)


def screen_organisation(*, name: str, country: str = "") -> ScreeningResult:
    """Screen an organisation's name against listed entities, vessels and aircraft."""
    index = get_index()
    query = normalise_organisation(name)
    country = _country(country)
    matches = index.search(query, nationality=country, include_entities=True, individuals=False)
    return _result(index, matches, query, name.strip(), None, country)


def _country(value: str) -> str:
    """An ISO alpha-2 code; a country name is tolerated ("Estonia" → "EE")."""
    value = (value or "").strip()
    return country_code(value) or value.upper()


def _result(
    index: ScreeningIndex,
    matches: list[Match],
    query: NormalisedName,
    applicant: str,
    date_of_birth: date | None,
    nationality: str,
) -> ScreeningResult:
    version_ids = sorted(index.versions)
    details = _entry_details([m.entry.id for m in matches])
    params = Params.current()
    threshold = params.hit_threshold
    cutoff = params.token_cutoff
    hits = []
    for m in matches:
        label = index.versions.get(m.entry.version_id, "")
        alias = m.name.kind != NameKind.PRIMARY
        hits.append(
            Hit(
                entry_uid=m.entry.uid,
                list_label=label,
                primary_name=m.entry.primary_name,
                matched_name=m.name.text,
                matched_alias=alias,
                score=round(m.score, 1),
                fields=matched_fields(m.dob, m.nationality),
                components=components(query, m.name.norm, m.alignment, m.dob, m.nationality, cutoff),
                explanation=explain(
                    applicant_name=applicant,
                    applicant_dob=date_of_birth,
                    applicant_nationality=nationality,
                    matched_name=m.name.text,
                    matched_alias=alias,
                    entry_uid=m.entry.uid,
                    list_label=label,
                    name_score=m.alignment.score,
                    dob=m.dob,
                    nationality=m.nationality,
                    score=m.score,
                    threshold=threshold,
                ),
                entry=details.get(m.entry.id, {}),
            )
        )
    return ScreeningResult(
        list_version_id=version_ids[0] if version_ids else None,
        list_label="; ".join(index.versions[v] for v in version_ids),
        hits=hits,
        clear=not hits,
        list_version_ids=version_ids,
    )


def _entry_details(entry_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What an official needs to see of each hit's list entry, JSON-safe."""
    if not entry_ids:
        return {}
    details = {}
    for entry in Entry.objects.filter(id__in=entry_ids).prefetch_related("names"):
        remarks = entry.remarks
        if len(remarks) > REMARKS_EXCERPT:
            remarks = remarks[:REMARKS_EXCERPT].rsplit(" ", 1)[0] + " …"
        details[entry.pk] = {
            "uid": entry.uid,
            "source_id": entry.source_id,
            "kind": entry.kind,
            "primary_name": entry.primary_name,
            "title": entry.title,
            "programs": list(entry.programs),
            "dates_of_birth": [d.get("text", "") for d in entry.dates_of_birth],
            "places_of_birth": list(entry.places_of_birth),
            "nationalities": list(entry.nationalities),
            "citizenships": list(entry.citizenships),
            "aliases": [n.name for n in entry.names.all() if n.kind != NameKind.PRIMARY],
            "remarks": remarks,
        }
    return details
