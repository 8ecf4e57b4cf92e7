from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from audit.tasking import enqueue_on_commit, retry_delay
from tests.fsm_app.models import Case
from tests.fsm_app.tasks import flaky_open


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_back_off_grows_and_is_capped():
    delays = [retry_delay(n, base_seconds=30, max_seconds=300) for n in (1, 2, 3, 4, 5)]
    assert delays == [timedelta(seconds=s) for s in (30, 60, 120, 240, 300)]


def test_task_is_enqueued_only_after_commit(db, db_tasks, django_capture_on_commit_callbacks):
    case = Case.objects.create()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(flaky_open, str(case.code), 0)
        assert DBTaskResult.objects.count() == 0
    assert len(callbacks) == 1
    callbacks[0]()
    assert DBTaskResult.objects.count() == 1


# The worker closes its database connection between tasks, as in production: these tests
# run outside a wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_failing_task_retries_then_succeeds_and_failures_stay_visible(db_tasks, client_for):
    case = Case.objects.create()
    flaky_open.enqueue(str(case.code), 2)
    run_worker()
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "FAILED", "SUCCESSFUL"]
    page = client_for("ada").get(reverse("accounts:failed_tasks"))
    body = page.content.decode()
    assert page.status_code == 200 and "flaky failure 1" in body and "flaky failure 2" in body
    home = client_for("ada").get(reverse("accounts:home")).content.decode()
    assert "2 failed tasks" in home


@pytest.mark.django_db(transaction=True)
def test_retries_stop_after_the_last_attempt(db_tasks):
    case = Case.objects.create()
    flaky_open.enqueue(str(case.code), 99)
    run_worker()
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 3
    case.refresh_from_db()
    assert case.note == "3"
