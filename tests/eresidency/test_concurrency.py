"""Races on PostgreSQL with real threads: one claim, one decision, one open application."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from audit.selectors import journal_for
from eresidency import services
from eresidency.constants import State
from eresidency.deadlines import tallinn_date
from eresidency.exceptions import ApplicationError
from eresidency.models import Application, PickupLocation, RefusalGround

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("locations")]


def race(*calls):
    """Run the calls at the same moment in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def in_review(applicant, **extra):
    # Complete enough that an approval can order the digital ID in the same transaction.
    return Application.objects.create(
        applicant=applicant,
        state=State.IN_REVIEW,
        given_names="Anna",
        surname="Eriksson",
        date_of_birth=date(1985, 8, 12),
        sex="F",
        citizenship="SE",
        document_type="passport",
        document_number="AB1234567",
        document_country="SE",
        pickup_location=PickupLocation.objects.get(code="ee-tallinn-tammsaare"),
        paid_at=None,
        decision_due=tallinn_date() + timedelta(days=20),
        **extra,
    )


@pytest.fixture
def ground(db):
    # Transactional tests flush the data migrations' rows: make sure the ground exists.
    return RefusalGround.objects.get_or_create(
        code="purpose", defaults={"title": "Purpose", "valid_from": date(2014, 12, 1)}
    )[0]


def test_two_officials_claiming_at_once_get_one_claim(personas):
    app = in_review(personas["alice"])
    results = race(
        lambda: services.application_claim(application=app, actor=personas["ivan"]),
        lambda: services.application_claim(application=app, actor=personas["iris"]),
    )
    errors = [r for r in results if isinstance(r, ApplicationError)]
    assert len(errors) == 1 and "already claimed" in str(errors[0])
    assert Application.objects.get(pk=app.pk).claimed_by in {personas["ivan"], personas["iris"]}


def test_two_decisions_at_once_make_one_decision(personas, ground):
    ivan = personas["ivan"]
    app = in_review(personas["alice"], claimed_by=ivan)
    results = race(
        lambda: services.application_approve(application=app, actor=ivan),
        lambda: services.application_refuse(application=app, actor=ivan, ground=ground, reason="No purpose."),
    )
    assert sum(isinstance(r, ApplicationError) for r in results) == 1
    app.refresh_from_db()
    assert app.state in {State.APPROVED, State.REFUSED}
    decisions = [e for e in journal_for(app) if e.action in {"approve", "refuse"}]
    assert len(decisions) == 1 and decisions[0].to_state == app.state


def test_double_clicked_approval_approves_once(personas):
    ivan = personas["ivan"]
    app = in_review(personas["alice"], claimed_by=ivan)
    results = race(*[lambda: services.application_approve(application=app, actor=ivan)] * 3)
    assert results.count("approved") == 1
    assert [e.action for e in journal_for(app)].count("approve") == 1


def test_starting_twice_at_once_opens_one_application(personas):
    alice = personas["alice"]
    results = race(*[lambda: services.application_start(applicant=alice, actor=alice)] * 2)
    assert sum(isinstance(r, Application) for r in results) == 1
    assert Application.objects.filter(applicant=alice).count() == 1
