"""Re-screening every registered subject when a new list version loads.

``list_version_load`` creates a :class:`~screening.models.Rescreen` in the transaction that
stores the version and enqueues :func:`screening.tasks.rescreen_task` after it commits.
The run compares the new version with the list's previous one: only hits on entries that
are new or changed (names, dates of birth, nationalities) are new, because every subject
was screened against the earlier versions already. Each new hit becomes one
:class:`~screening.models.ScreeningAlert` (unique per source, subject and entry uid) and is
handed to its source's ``on_new_hit`` after commit. Progress (``done`` of ``total``) is
saved every ``PROGRESS_EVERY`` subjects, so the admin and ``manage.py rescreen --status``
show how far it got.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import F

from audit.services import transition
from screening.exceptions import NoListLoaded
from screening.models import Entry, EntryName, ListVersion, Rescreen, ScreeningAlert
from screening.registry import Subject, subject_source, subject_sources

logger = logging.getLogger(__name__)

ACTOR = "task:rescreen"
PROGRESS_EVERY = 50


def rescreen_create(version: ListVersion, previous: ListVersion | None) -> Rescreen:
    """Queue a re-screen for a freshly loaded version (inside the loading transaction)."""
    from audit.tasking import enqueue_job_on_commit

    rescreen = Rescreen.objects.create(version=version, previous_version=previous)
    enqueue_job_on_commit("screening.rescreen", rescreen.pk)  # registered by screening.tasks
    return rescreen


def _fingerprints(version_id: int) -> dict[str, str]:
    """uid → hash of what screening compares (names, dates of birth, countries)."""
    names: dict[int, list[str]] = defaultdict(list)
    for entry_id, name in EntryName.objects.filter(version_id=version_id).values_list("entry_id", "name"):
        names[entry_id].append(name)
    out = {}
    rows = Entry.objects.filter(version_id=version_id).values_list(
        "id", "uid", "kind", "dates_of_birth", "nationalities", "citizenships"
    )
    for pk, uid, kind, dobs, nationalities, citizenships in rows.iterator(chunk_size=5000):
        payload = [
            kind,
            sorted(names[pk]),
            sorted((d.get("start"), d.get("end"), d.get("circa")) for d in dobs or []),
            sorted(nationalities or []),
            sorted(citizenships or []),
        ]
        out[uid] = hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()
    return out


def changed_uids(version: ListVersion, previous: ListVersion | None) -> set[str]:
    """Entry uids of ``version`` that are new since ``previous`` or changed in it."""
    new = _fingerprints(version.pk)
    if previous is None:
        return set(new)
    old = _fingerprints(previous.pk)
    return {uid for uid, fp in new.items() if old.get(uid) != fp}


def rescreen_run(*, rescreen_id: int, progress: Callable[[Rescreen], None] | None = None) -> Rescreen:
    """Run one re-screen to the end (idempotent: a finished one is left as it is)."""
    from screening.index import get_index
    from screening.services import screen_person

    with transaction.atomic():
        rescreen = Rescreen.objects.select_for_update().select_related("version").get(pk=rescreen_id)
        if rescreen.state in (Rescreen.State.DONE, Rescreen.State.RUNNING):
            return rescreen
        transition(rescreen, "start", actor=ACTOR, reason=str(rescreen.version))
    try:
        subjects: list[tuple[str, Subject]] = []
        for source in subject_sources():
            subjects.extend((source.name, s) for s in source.subjects())
        changed = changed_uids(rescreen.version, rescreen.previous_version) if subjects else set()
        Rescreen.objects.filter(pk=rescreen.pk).update(changed_entries=len(changed), total=len(subjects), done=0)
        rescreen.refresh_from_db()
        if changed and subjects:
            get_index()  # build once, outside the loop
        for n, (source_name, subject) in enumerate(subjects, start=1):
            if changed:
                result = screen_person(
                    given_names=subject.given_names,
                    surname=subject.surname,
                    date_of_birth=subject.date_of_birth,
                    nationality=subject.nationality,
                )
                for hit in result.hits:
                    if hit.entry_uid in changed and _belongs_to(hit.entry_uid, rescreen.version):
                        _alert(rescreen, source_name, subject, hit)
            if n % PROGRESS_EVERY == 0 or n == len(subjects):
                Rescreen.objects.filter(pk=rescreen.pk).update(done=n)
                rescreen.done = n
                if progress is not None:
                    progress(rescreen)
    except NoListLoaded as exc:
        _fail(rescreen, str(exc))
        return rescreen
    except Exception as exc:
        _fail(rescreen, f"{exc.__class__.__name__}: {exc}")
        raise
    rescreen.refresh_from_db()
    transition(
        rescreen,
        "finish",
        actor=ACTOR,
        reason=str(rescreen.version),
        data={
            "screened": rescreen.done,
            "changed_entries": rescreen.changed_entries,
            "alerts": rescreen.alerts_created,
        },
    )
    return rescreen


def _belongs_to(uid: str, version: ListVersion) -> bool:
    return uid.split(":", 1)[0] == version.sanctions_list.slug


def _alert(rescreen: Rescreen, source_name: str, subject: Subject, hit) -> ScreeningAlert | None:
    try:
        with transaction.atomic():
            alert = ScreeningAlert.objects.create(
                source=source_name,
                subject_key=subject.key[:200],
                subject_label=subject.label[:300],
                entry_uid=hit.entry_uid,
                version=rescreen.version,
                rescreen=rescreen,
                score=hit.score,
                hit=hit.to_dict(),
            )
            Rescreen.objects.filter(pk=rescreen.pk).update(alerts_created=F("alerts_created") + 1)
            source = subject_source(source_name)
            if source is not None and source.on_new_hit is not None:
                handler = source.on_new_hit
                transaction.on_commit(lambda: handler(alert))
    except IntegrityError:
        return None  # already alerted for this subject and entry
    return alert


def _fail(rescreen: Rescreen, error: str) -> None:
    logger.error("re-screen %s failed: %s", rescreen.pk, error)
    rescreen.refresh_from_db()
    if rescreen.state in (Rescreen.State.QUEUED, Rescreen.State.RUNNING):
        transition(rescreen, "fail", actor=ACTOR, reason=error[:200], error=error)


def alert_resolve(*, alert: ScreeningAlert, confirm: bool, actor, reason: str) -> ScreeningAlert:
    """An official clears (not the listed person) or confirms an open alert, with a reason."""
    from audit.services import Actor

    with transaction.atomic():
        locked = ScreeningAlert.objects.select_for_update().get(pk=alert.pk)
        transition(locked, "confirm" if confirm else "clear", actor=actor, reason=reason, by=Actor.of(actor).label)
    return locked
