"""A new list version re-screens every registered person in the background."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from audit.models import JournalEntry
from eresidency.constants import State
from eresidency.models import Application
from eresidency.selectors import needs_attention
from screening.models import Rescreen, ScreeningAlert
from screening.registry import Subject, register_subject_source, subject_sources, unregister_subject_source
from screening.rescreen import PROGRESS_EVERY, alert_resolve, changed_uids, rescreen_run
from screening.services import list_version_load
from tests.factories import UserFactory
from tests.screening.conftest import SMALL_ROWS, make_csv

NEW_ROW = (
    '1011,"OKONKWO, Chukwuemeka Obinna","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 14 Feb 1977; nationality Nigeria."'
)


def _e_resident(given: str, surname: str, dob: date, citizenship: str) -> Application:
    return Application.objects.create(
        applicant=UserFactory(),
        state=State.APPROVED,
        given_names=given,
        surname=surname,
        date_of_birth=dob,
        citizenship=citizenship,
    )


def _load(rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return list_version_load(name="OFAC SDN", fmt="ofac-sdn", data=make_csv(rows), actor="test")


def test_e_residents_are_a_registered_subject_source():
    assert "eresidency" in [s.name for s in subject_sources()]


@pytest.mark.django_db
def test_new_version_creates_exactly_one_case_for_the_newly_listed_person(django_capture_on_commit_callbacks):
    first = _load(SMALL_ROWS, django_capture_on_commit_callbacks)
    already_listed = _e_resident("Ivan Sergeyevich", "Petrov", date(1965, 3, 12), "RU")  # on the list since v1
    newly_listed = _e_resident("Chukwuemeka Obinna", "Okonkwo", date(1977, 2, 14), "NG")
    _e_resident("Mari", "Tamm", date(1990, 1, 1), "EE")
    second = _load([*SMALL_ROWS, NEW_ROW], django_capture_on_commit_callbacks)
    assert changed_uids(second.version, first.version) == {"ofac-sdn:1011"}

    rescreen = Rescreen.objects.get(version=second.version)
    assert rescreen.state == Rescreen.State.DONE
    assert (rescreen.total, rescreen.done, rescreen.percent) == (3, 3, 100)
    assert rescreen.changed_entries == 1
    alerts = list(ScreeningAlert.objects.all())
    assert len(alerts) == 1 and rescreen.alerts_created == 1
    alert = alerts[0]
    assert alert.subject_key == f"application:{newly_listed.code}"
    assert alert.entry_uid == "ofac-sdn:1011" and alert.version == second.version
    assert alert.hit["explanation"]  # the explained hit is kept for the official
    # Routed to the identity officials: journaled on the application, listed as needing attention.
    assert JournalEntry.objects.filter(
        action="eresidency.sanctions_new_hit", subject_id=str(newly_listed.code)
    ).exists()
    attention = {item["app"].pk: item["reasons"] for item in needs_attention()}
    assert newly_listed.pk in attention and already_listed.pk not in attention
    assert "New sanctions hit" in " ".join(attention[newly_listed.pk])

    # The same version again is a no-op; a re-run of a finished re-screen adds nothing.
    _load([*SMALL_ROWS, NEW_ROW], django_capture_on_commit_callbacks)
    rescreen_run(rescreen_id=rescreen.pk)
    assert ScreeningAlert.objects.count() == 1

    alert_resolve(alert=alert, confirm=False, actor="ivan", reason="Different person: other father's name.")
    alert.refresh_from_db()
    assert alert.state == ScreeningAlert.State.CLEARED
    assert newly_listed.pk not in {item["app"].pk for item in needs_attention()}


@pytest.mark.django_db
def test_progress_is_saved_and_reported_while_it_runs(django_capture_on_commit_callbacks):
    _load(SMALL_ROWS, django_capture_on_commit_callbacks)
    people = [Subject(key=f"p{n}", label=f"Person {n}", given_names="Jaan", surname=f"Tamm{n}") for n in range(120)]
    register_subject_source("test-people", lambda: iter(people))
    try:
        with django_capture_on_commit_callbacks(execute=False):
            outcome = list_version_load(
                name="OFAC SDN", fmt="ofac-sdn", data=make_csv([*SMALL_ROWS, NEW_ROW]), actor="test"
            )
        rescreen = Rescreen.objects.get(version=outcome.version)
        assert rescreen.state == Rescreen.State.QUEUED  # queued with the version, run in the background
        seen = []
        rescreen_run(rescreen_id=rescreen.pk, progress=lambda r: seen.append((r.done, r.total)))
    finally:
        unregister_subject_source("test-people")
    assert seen == [(PROGRESS_EVERY, 120), (2 * PROGRESS_EVERY, 120), (120, 120)]
    rescreen.refresh_from_db()
    assert rescreen.state == Rescreen.State.DONE and rescreen.done == 120 and rescreen.alerts_created == 0


@pytest.mark.django_db
def test_rescreen_command_shows_progress(django_capture_on_commit_callbacks, capsys):
    _load(SMALL_ROWS, django_capture_on_commit_callbacks)
    call_command("rescreen")
    out = capsys.readouterr().out
    assert "[done] 0/0 people (100 %)" in out
