"""The status fields that used to move by hand now move through journaled transitions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from audit.selectors import journal_for
from eresidency import services
from eresidency.constants import InfoRequestStatus, StageName, StageStatus, State
from eresidency.deadlines import tallinn_date
from eresidency.models import Application, Approval, InfoRequest, ScreeningStage
from eresidency.registry import ApprovalRefused, _approval_handlers, register_approval_handler
from tests.eresidency.conftest import SDN_PERSON, make_draft, personal, settle

pytestmark = pytest.mark.usefixtures("locations", "sdn_list")


@pytest.fixture
def in_review(personas, django_capture_on_commit_callbacks):
    def make(applicant=None, *, person=None):
        applicant = applicant or personas["alice"]
        app = services.application_submit(application=make_draft(applicant, person=person), actor=applicant)
        with django_capture_on_commit_callbacks(execute=True):
            settle(app)
        return Application.objects.get(pk=app.pk)

    return make


def actions(app):
    return [e.action for e in journal_for(app)]


def test_every_stage_move_is_journaled_under_its_application(personas, in_review):
    app = in_review()
    entries = [e for e in journal_for(app) if e.data.get("stage") == StageName.SANCTIONS]
    assert [(e.action, e.from_state, e.to_state) for e in entries] == [
        ("screening_stage_started", StageStatus.PENDING, StageStatus.RUNNING),
        ("screening_stage_done", StageStatus.RUNNING, StageStatus.PASSED),
    ]
    assert entries[0].data["attempt"] == 1 and entries[0].actor_label == "task:screening"


def test_a_state_cannot_be_assigned_by_hand(personas, in_review):
    app = in_review()
    stage = ScreeningStage.objects.get(application=app, name=StageName.SANCTIONS)
    with pytest.raises(AttributeError, match="not allowed"):
        stage.status = StageStatus.PENDING
    with pytest.raises(AttributeError, match="not allowed"):
        app.letter_status = "ready"


def test_the_answer_names_the_request_and_each_move_of_the_request_is_journaled(personas, in_review):
    app = in_review()
    ivan, alice = personas["ivan"], personas["alice"]
    services.application_claim(application=app, actor=ivan)
    info = services.application_request_info(
        application=app, actor=ivan, message="Send your CV.", deadline=tallinn_date() + timedelta(days=14)
    )
    services.info_request_answer(info_request=info, actor=alice, answer="Here.", files=[])
    journal = list(journal_for(app))
    answered = next(e for e in journal if e.action == "info_answer")
    assert (answered.from_state, answered.to_state) == (InfoRequestStatus.OPEN, InfoRequestStatus.ANSWERED)
    assert answered.data["request"] == str(info.code) and answered.actor == alice
    receive = next(e for e in journal if e.action == "receive_info")
    assert receive.data["request"] == str(info.code)


def test_refusal_closes_the_open_request_with_an_entry_each(personas, in_review):
    from eresidency.models import RefusalGround

    app = in_review()
    ivan = personas["ivan"]
    services.application_claim(application=app, actor=ivan)
    info = services.application_request_info(
        application=app, actor=ivan, message="Send your CV.", deadline=tallinn_date() + timedelta(days=14)
    )
    services.application_claim(application=app, actor=ivan)
    ground = RefusalGround.objects.exclude(code="no_reply").first()
    services.application_refuse(application=app, actor=ivan, ground=ground, reason="Not credible.")
    assert InfoRequest.objects.get(pk=info.pk).status == InfoRequestStatus.CANCELLED
    cancelled = [e for e in journal_for(app) if e.action == "info_cancel"]
    assert len(cancelled) == 1 and cancelled[0].data["request"] == str(info.code)
    assert cancelled[0].actor == ivan
    # The letter is ordered by the decision, as a journaled move of its own.
    assert "letter_order" in actions(app)


def test_invalidated_first_approvals_leave_time_reason_and_officials(personas, in_review):
    app = in_review(person=personal(**SDN_PERSON))
    ivan, iris = personas["ivan"], personas["iris"]
    services.application_claim(application=app, actor=ivan)
    assert services.application_approve(application=app, actor=ivan) == "first_approval"
    services.application_claim(application=app, actor=iris)
    services.application_request_info(
        application=app, actor=iris, message="Explain the match.", deadline=tallinn_date() + timedelta(days=7)
    )
    approval = Approval.objects.get(application=app)
    assert not approval.valid and approval.invalidated_at is not None
    assert approval.invalidated_because == "information requested"
    entry = next(e for e in journal_for(app) if e.action == "approvals_invalidated")
    assert entry.actor == iris and entry.reason == "information requested"
    assert entry.data["officials"] == [ivan.email]


def test_an_approval_handler_that_refuses_rolls_the_approval_back(personas, in_review):
    app = in_review()
    ivan = personas["ivan"]

    def refuse(*, application, actor):
        raise ApprovalRefused("no card today")

    register_approval_handler(refuse)
    try:
        services.application_claim(application=app, actor=ivan)
        with pytest.raises(ApprovalRefused, match="no card today"):
            services.application_approve(application=app, actor=ivan)
    finally:
        _approval_handlers.remove(refuse)
    assert Application.objects.get(pk=app.pk).state == State.IN_REVIEW
    assert "approve" not in actions(app)
