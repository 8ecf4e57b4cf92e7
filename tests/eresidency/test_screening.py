"""Background screening: stages, results, retries, needs-attention, duplicates, screen_all."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.selectors import journal_for
from eresidency import selectors, services
from eresidency.constants import (
    FLAG_DOCUMENT_EXPIRES,
    FLAG_DUPLICATE_DOCUMENT,
    FLAG_EARLIER_REFUSAL,
    FLAG_EXISTING_ERESIDENT,
    FLAG_SANCTIONS,
    FLAG_UNDER_AGE,
    STAGE_MAX_ATTEMPTS,
    StageName,
    StageStatus,
    State,
)
from eresidency.deadlines import document_valid_until_required, tallinn_date
from eresidency.models import Application, RefusalGround, ScreeningStage
from tests.eresidency.conftest import SDN_PERSON, make_draft, personal, settle

pytestmark = pytest.mark.usefixtures("locations")


@pytest.fixture
def to_review(django_capture_on_commit_callbacks):
    def make(applicant, *, person=None, **doc):
        app = services.application_submit(application=make_draft(applicant, person=person, **doc), actor=applicant)
        with django_capture_on_commit_callbacks(execute=True):
            settle(app)
        return Application.objects.get(pk=app.pk)

    return make


def stage(app, name):
    return ScreeningStage.objects.get(application=app, name=name)


def test_clear_applicant_passes_every_stage_and_enters_review(personas, sdn_list, to_review):
    app = to_review(personas["alice"])
    assert app.state == State.IN_REVIEW
    assert not app.flagged and app.flags == []
    stages = selectors.stages_of(app)
    assert [s.name for s in stages] == ["sanctions", "documents", "duplicates"]
    assert all(s.status == StageStatus.PASSED and s.attempts == 1 for s in stages)
    sanctions = stages[0].result
    assert sanctions["clear"] is True and sanctions["hits"] == [] and "OFAC SDN" in sanctions["list_label"]
    actions = [e.action for e in journal_for(app)]
    assert actions[:4] == ["create", "submit", "pay", "start_screening"]
    assert actions.count("screening_stage_done") == 3 and actions[-1] == "finish_screening"


def test_person_on_the_sdn_list_is_flagged_with_an_explanation(personas, sdn_list, to_review):
    app = to_review(personas["alice"], person=personal(**SDN_PERSON, residence_country="MR"))
    assert app.state == State.IN_REVIEW and app.flagged
    result = stage(app, StageName.SANCTIONS).result
    assert stage(app, StageName.SANCTIONS).status == StageStatus.FLAGGED
    hit = next(h for h in result["hits"] if h["entry_uid"].endswith("6903"))
    assert "AL-WALID" in hit["primary_name"].upper()
    assert hit["explanation"]
    assert "date_of_birth" in hit["fields"]
    assert any(f["code"] == FLAG_SANCTIONS and "AL-WALID" in f["message"].upper() for f in app.flags)


def test_a_failing_stage_is_retried_then_needs_attention(personas, to_review):
    """No sanctions list is loaded: the stage fails on every attempt and is never 'clear'."""
    app = to_review(personas["alice"])
    assert app.state == State.SCREENING
    # The task was retried (the immediate backend runs the retries at once) up to its limit.
    sanctions = stage(app, StageName.SANCTIONS)
    assert sanctions.status == StageStatus.FAILED and sanctions.attempts == STAGE_MAX_ATTEMPTS
    assert "NoListLoaded" in sanctions.error
    # The other stages finished; the application waits for the failing one.
    assert stage(app, StageName.DOCUMENTS).status == StageStatus.PASSED
    # A failed stage is not run again by a late retry.
    assert services.screening_stage_run(stage_id=sanctions.pk, round_=sanctions.round) is None
    attention = selectors.needs_attention()
    assert [item["app"].pk for item in attention] == [app.pk]
    assert "failed" in attention[0]["reasons"][0]
    assert "screening_stage_failed" in [e.action for e in journal_for(app)]
    assert Application.objects.get(pk=app.pk).state == State.SCREENING


def test_an_official_restarts_a_failed_stage_once_the_list_is_loaded(
    personas, to_review, sdn_list, django_capture_on_commit_callbacks
):
    app = to_review(personas["alice"])
    assert app.state == State.IN_REVIEW  # list loaded: fine
    # Simulate a stage that failed earlier in a new round.
    ScreeningStage.objects.filter(application=app, name=StageName.SANCTIONS).update(status=StageStatus.FAILED)
    Application.objects.filter(pk=app.pk).update(state=State.SCREENING)
    row = stage(app, StageName.SANCTIONS)
    with pytest.raises(Exception, match="identity officials"):
        services.screening_stage_retry(stage=row, actor=personas["aud"])
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_stage_retry(stage=row, actor=personas["ivan"])
    assert stage(app, StageName.SANCTIONS).status == StageStatus.PASSED
    assert Application.objects.get(pk=app.pk).state == State.IN_REVIEW


def test_stuck_stages_and_paid_applications_need_attention(personas, to_review):
    app = to_review(personas["alice"])
    long_ago = timezone.now() - timedelta(hours=3)
    ScreeningStage.objects.filter(application=app, name=StageName.SANCTIONS).update(
        status=StageStatus.RUNNING, updated_at=long_ago
    )
    reasons = selectors.needs_attention()[0]["reasons"]
    assert any("running" in r for r in reasons)


def test_document_expiring_before_the_pickup_window_is_flagged(personas, sdn_list, to_review):
    required = document_valid_until_required(tallinn_date())
    app = to_review(personas["alice"], document_expiry=required - timedelta(days=1))
    flags = {f["code"] for f in app.flags}
    assert FLAG_DOCUMENT_EXPIRES in flags
    assert stage(app, StageName.DOCUMENTS).result["required_valid_until"] == required.isoformat()
    # 30 days + 5 weeks + 6 months after today, roughly 8 months and a bit.
    assert 30 + 35 + 180 <= (required - tallinn_date()).days <= 30 + 35 + 185


def test_under_age_applicant_is_flagged_by_the_document_check(personas, sdn_list, django_capture_on_commit_callbacks):
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    teen = tallinn_date().replace(year=tallinn_date().year - 17)
    Application.objects.filter(pk=app.pk).update(date_of_birth=teen, mrz="")
    with django_capture_on_commit_callbacks(execute=True):
        settle(app)
    app.refresh_from_db()
    assert FLAG_UNDER_AGE in {f["code"] for f in app.flags}


def test_duplicates_earlier_refusal_and_existing_eresident(personas, sdn_list, to_review):
    oscar, alice = personas["oscar"], personas["alice"]
    earlier = to_review(oscar)  # same person data and passport as alice's below
    ground = RefusalGround.objects.get(code="purpose")
    Application.objects.filter(pk=earlier.pk).update(
        state=State.REFUSED, refusal_ground=ground, decided_at=timezone.now()
    )
    app = to_review(alice)
    codes = {f["code"] for f in app.flags}
    assert FLAG_EARLIER_REFUSAL in codes
    matches = stage(app, StageName.DUPLICATES).result["matches"]
    assert matches[0]["match"] == "document" and matches[0]["ground"] == "purpose"

    # Once the earlier one is approved, the person is an e-resident: route to renewal.
    Application.objects.filter(pk=earlier.pk).update(state=State.APPROVED, refusal_ground=None)
    services.application_withdraw(application=app, actor=alice)
    again = to_review(alice)
    assert FLAG_EXISTING_ERESIDENT in {f["code"] for f in again.flags}
    assert again.route_to_renewal


def test_two_open_applications_with_one_passport_are_flagged(personas, sdn_list, to_review):
    to_review(personas["oscar"], person=personal(given_names="Other", surname="Person"))
    app = to_review(personas["alice"])
    assert FLAG_DUPLICATE_DOCUMENT in {f["code"] for f in app.flags}


def test_screen_all_rescreens_open_applications_with_progress(personas, sdn_list, to_review):
    clear = to_review(personas["alice"])
    # Oscar's data changes to a listed person's after screening (as if the list had been
    # updated): a new screening flags it, and the progress bar shows on stderr.
    listed = to_review(personas["oscar"], person=personal(given_names="Other", surname="Person"))
    Application.objects.filter(pk=listed.pk).update(
        given_names="Mahfouz Ould", surname="Al-Walid", date_of_birth=date(1975, 1, 1), citizenship="MR"
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("screen_all", stdout=out, stderr=err)
    assert "2/2 [" in err.getvalue() and "100%" in err.getvalue()
    assert "1 flagged" in out.getvalue() and "1 unchanged" in out.getvalue()
    listed.refresh_from_db()
    assert listed.flagged and any(f["code"] == FLAG_SANCTIONS for f in listed.flags)
    assert "rescreened" in [e.action for e in journal_for(listed)]
    assert not Application.objects.get(pk=clear.pk).flagged


def test_progress_bar_shape():
    from eresidency.management.commands.screen_all import progress_bar

    assert progress_bar(123, 456, width=10) == "123/456 [==>       ] 26%"
    assert progress_bar(5, 5, width=4) == "5/5 [====] 100%"
