"""Officials' decisions: claim, four eyes, own application, information requests, letters."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from audit.selectors import journal_for
from eresidency import selectors, services
from eresidency.constants import LetterStatus, State
from eresidency.deadlines import tallinn_date
from eresidency.exceptions import (
    AlreadyClaimed,
    FourEyesRequired,
    NotClaimant,
    OwnApplication,
    WrongState,
)
from eresidency.models import Application, Approval, InfoRequest, RefusalGround
from eresidency.services.review import NotAllowed
from tests.eresidency.conftest import SDN_PERSON, make_draft, personal, settle

pytestmark = pytest.mark.usefixtures("locations", "sdn_list")


@pytest.fixture
def in_review(personas, django_capture_on_commit_callbacks):
    def make(applicant=None, *, person=None):
        applicant = applicant or personas["alice"]
        app = services.application_submit(application=make_draft(applicant, person=person), actor=applicant)
        with django_capture_on_commit_callbacks(execute=True):
            settle(app)
        app = Application.objects.get(pk=app.pk)
        assert app.state == State.IN_REVIEW
        return app

    return make


def test_one_claimant_at_a_time(personas, in_review):
    app = in_review()
    ivan, iris = personas["ivan"], personas["iris"]
    services.application_claim(application=app, actor=ivan)
    services.application_claim(application=app, actor=ivan)  # claiming again is harmless
    with pytest.raises(AlreadyClaimed, match="Ivan"):
        services.application_claim(application=app, actor=iris)
    with pytest.raises(NotClaimant):
        services.application_approve(application=app, actor=iris)
    services.application_release(application=app, actor=ivan)
    services.application_claim(application=app, actor=iris)
    assert Application.objects.get(pk=app.pk).claimed_by == iris
    with pytest.raises(NotAllowed):
        services.application_claim(application=app, actor=personas["aud"])


def test_clear_application_is_approved_by_one_official_and_the_letter_is_sealed(
    personas, in_review, pki, django_capture_on_commit_callbacks
):
    from pyhanko.pdf_utils.reader import PdfFileReader

    app = in_review()
    ivan = personas["ivan"]
    services.application_claim(application=app, actor=ivan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.application_approve(application=app, actor=ivan, note="All in order") == "approved"
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.decided_by == ivan and app.claimed_by is None
    assert app.letter_status == LetterStatus.READY
    reader = PdfFileReader(io.BytesIO(app.letter.read()))
    assert len(reader.embedded_signatures) >= 1  # the seal (and the document timestamp)
    entry = next(e for e in journal_for(app) if e.action == "approve")
    assert entry.actor == ivan and entry.reason == "All in order"
    assert {m.subject for m in mail.outbox} >= {
        "Your e-Residency application is approved",
        "Your decision letter is ready",
    }


def test_letter_without_a_trust_hierarchy_fails_visibly(personas, in_review, django_capture_on_commit_callbacks):
    app = in_review()
    ivan = personas["ivan"]
    services.application_claim(application=app, actor=ivan)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(application=app, actor=ivan)
    app.refresh_from_db()
    assert app.state == State.APPROVED
    assert app.letter_status == LetterStatus.FAILED and app.letter_error
    assert not app.letter
    assert [item["app"].pk for item in selectors.needs_attention()] == [app.pk]


def test_flagged_application_needs_two_different_officials(personas, in_review, django_capture_on_commit_callbacks):
    app = in_review(person=personal(**SDN_PERSON))
    assert app.flagged
    ivan, iris = personas["ivan"], personas["iris"]
    services.application_claim(application=app, actor=ivan)
    assert services.application_approve(application=app, actor=ivan) == "first_approval"
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW and app.claimed_by is None
    assert Approval.objects.filter(application=app, official=ivan, valid=True).exists()
    # The same official cannot be the second pair of eyes.
    services.application_claim(application=app, actor=ivan)
    with pytest.raises(FourEyesRequired):
        services.application_approve(application=app, actor=ivan)
    services.application_release(application=app, actor=ivan)
    services.application_claim(application=app, actor=iris)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.application_approve(application=app, actor=iris) == "approved"
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.decided_by == iris
    actions = [e.action for e in journal_for(app)]
    assert actions.count("first_approval") == 1 and actions.count("approve") == 1


def test_nobody_decides_on_their_own_application(personas, in_review):
    ivan = personas["ivan"]
    app = in_review()
    Application.objects.filter(pk=app.pk).update(applicant=ivan)
    with pytest.raises(OwnApplication):
        services.application_claim(application=app, actor=ivan)
    Application.objects.filter(pk=app.pk).update(claimed_by=ivan)
    with pytest.raises(OwnApplication):
        services.application_approve(application=app, actor=ivan)
    with pytest.raises(OwnApplication):
        services.application_refuse(
            application=app, actor=ivan, ground=RefusalGround.objects.get(code="purpose"), reason="x"
        )


def test_refusal_records_ground_and_reason(personas, in_review, pki, django_capture_on_commit_callbacks):
    app = in_review()
    ivan = personas["ivan"]
    services.application_claim(application=app, actor=ivan)
    ground = RefusalGround.objects.get(code="purpose")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_refuse(application=app, actor=ivan, ground=ground, reason="No link to Estonia given.")
    app.refresh_from_db()
    assert app.state == State.REFUSED and app.refusal_ground == ground
    entry = next(e for e in journal_for(app) if e.action == "refuse")
    assert entry.reason == "No link to Estonia given." and entry.data["ground"] == "purpose"
    html = services.render_letter_html(app)
    assert "20⁵(2)" in html and "No link to Estonia given." in html
    # A second decision finds the case closed.
    with pytest.raises(WrongState, match="no longer open"):
        services.application_claim(application=app, actor=personas["iris"])


def test_info_request_stops_the_clock_until_answered(personas, in_review, django_capture_on_commit_callbacks):
    app = in_review()
    ivan, alice = personas["ivan"], personas["alice"]
    due_before = app.decision_due
    services.application_claim(application=app, actor=ivan)
    with pytest.raises(WrongState):
        services.application_request_info(application=app, actor=ivan, message="x", deadline=tallinn_date())
    info = services.application_request_info(
        application=app, actor=ivan, message="Send your CV.", deadline=tallinn_date() + timedelta(days=14)
    )
    app.refresh_from_db()
    assert app.state == State.INFO_REQUESTED and app.clock_stopped_on == tallinn_date()
    assert app.claimed_by is None
    with pytest.raises(WrongState):
        services.application_approve(application=app, actor=ivan)
    # Days left stay frozen while the clock is stopped.
    frozen = selectors.days_left(app)
    assert selectors.days_left(app, today=tallinn_date() + timedelta(days=10)) == frozen
    # The applicant answers six days later: six days are added to the decision term.
    Application.objects.filter(pk=app.pk).update(clock_stopped_on=tallinn_date() - timedelta(days=6))
    services.info_request_answer(info_request=info, actor=alice, answer="Here it is.", files=[])
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW and app.clock_stopped_on is None
    assert app.decision_due == due_before + timedelta(days=6) and app.days_paused == 6
    info.refresh_from_db()
    assert info.status == "answered" and info.answer == "Here it is."
    with pytest.raises(WrongState):
        services.info_request_answer(info_request=info, actor=alice, answer="again", files=[])


def test_info_request_invalidates_a_first_approval(personas, in_review):
    app = in_review(person=personal(**SDN_PERSON))
    ivan, iris = personas["ivan"], personas["iris"]
    services.application_claim(application=app, actor=ivan)
    services.application_approve(application=app, actor=ivan)
    services.application_claim(application=app, actor=iris)
    services.application_request_info(
        application=app, actor=iris, message="Explain the match.", deadline=tallinn_date() + timedelta(days=7)
    )
    assert not Approval.objects.filter(application=app, valid=True).exists()


def test_no_answer_in_time_is_a_refusal_for_no_reply(personas, in_review, django_capture_on_commit_callbacks):
    app = in_review()
    ivan = personas["ivan"]
    services.application_claim(application=app, actor=ivan)
    info = services.application_request_info(
        application=app, actor=ivan, message="Send your CV.", deadline=tallinn_date() + timedelta(days=3)
    )
    out = io.StringIO()
    call_command("expire_info_requests", stdout=out)
    assert out.getvalue().startswith("0 ")
    InfoRequest.objects.filter(pk=info.pk).update(deadline=tallinn_date() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_info_requests", stdout=out)
    app.refresh_from_db()
    assert app.state == State.REFUSED and app.refusal_ground.code == "no_reply"
    assert InfoRequest.objects.get(pk=info.pk).status == "expired"
    entry = next(e for e in journal_for(app) if e.action == "refuse")
    assert entry.actor is None and entry.actor_label == "system:expire_info_requests"
    with pytest.raises(WrongState):
        services.info_request_answer(info_request=info, actor=personas["alice"], answer="late", files=[])


def test_names_are_escaped_in_the_letter(personas, in_review):
    app = in_review()
    Application.objects.filter(pk=app.pk).update(given_names="<script>alert(1)</script>", state=State.APPROVED)
    html = services.render_letter_html(Application.objects.get(pk=app.pk))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    pdf = services.render_letter_pdf(Application.objects.get(pk=app.pk))
    assert pdf.startswith(b"%PDF-")


def test_queue_counts_and_filters(personas, in_review):
    a = in_review()
    b = in_review(personas["oscar"], person=personal(given_names="Other", surname="Person", citizenship="FI"))
    Application.objects.filter(pk=b.pk).update(decision_due=tallinn_date() - timedelta(days=2))
    counts = selectors.queue_counts()
    assert counts == {"waiting": 2, "in_review": 2, "overdue": 1, "attention": 0}
    overdue = selectors.review_queue(filters=selectors.QueueFilters(deadline="overdue"), user=personas["ivan"])
    assert list(overdue) == [Application.objects.get(pk=b.pk)]
    rows = selectors.queue_rows(overdue)
    assert rows[0]["overdue"] and rows[0]["overdue_days"] == 2
    flagged = selectors.review_queue(filters=selectors.QueueFilters(flagged="yes"), user=personas["ivan"])
    assert a not in flagged


def test_approval_that_cannot_order_the_card_keeps_nothing(personas):
    """Approved means a digital ID is ordered; if the card cannot be ordered the decision is
    refused with a reason and neither the state nor the journal changes."""
    from datetime import date, timedelta

    from audit.selectors import journal_for
    from eresidency.deadlines import tallinn_date
    from eresidency.exceptions import ApplicationError

    app = Application.objects.create(
        applicant=personas["alice"],
        state=State.IN_REVIEW,
        given_names="Anna",
        surname="Eriksson",
        date_of_birth=date(1985, 8, 12),
        citizenship="SE",
        decision_due=tallinn_date() + timedelta(days=20),
        claimed_by=personas["ivan"],
    )
    with pytest.raises(ApplicationError, match="could not be ordered"):
        services.application_approve(application=app, actor=personas["ivan"])
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    assert not [e for e in journal_for(app) if e.action == "approve"]
