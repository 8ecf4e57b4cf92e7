"""Issue 10: over-long approval notes are a form error; four-eyes labels say who did what;
a held claim can be taken over, with a reason, journaled."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.selectors import journal_for
from eresidency import services
from eresidency.models import Application, Approval
from tests.eresidency.conftest import SDN_PERSON, personal
from tests.eresidency.test_review import in_review  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("locations", "sdn_list")


def test_over_long_approval_note_is_an_error_and_nothing_is_approved(personas, in_review, client_for):  # noqa: F811
    app = in_review()
    services.application_claim(application=app, actor=personas["ivan"])
    note = "n" * 2001
    response = client_for("ivan").post(reverse("eresidency:approve", kwargs={"code": app.code}), {"note": note})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert note in response.content.decode()  # what was typed is still there
    assert Application.objects.get(pk=app.pk).state == "in_review"
    assert not Approval.objects.filter(application=app).exists()


def test_four_eyes_labels(personas, in_review, client_for, django_capture_on_commit_callbacks):  # noqa: F811
    app = in_review(person=personal(**SDN_PERSON))
    ivan, iris = personas["ivan"], personas["iris"]
    services.application_claim(application=app, actor=ivan)
    services.application_approve(application=app, actor=ivan)
    services.application_claim(application=app, actor=ivan)
    url = reverse("eresidency:review_detail", kwargs={"code": app.code})
    page = client_for("ivan").get(url).content.decode()
    assert "Confirm approval (second official)" not in page
    assert "You gave the first approval" in page
    services.application_release(application=app, actor=ivan)
    services.application_claim(application=app, actor=iris)
    assert "Confirm approval (second official)" in client_for("iris").get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(application=app, actor=iris)
    page = client_for("aud").get(url).content.decode()
    assert "First approval: Ivan Identity" in page and "Second approval: Iris Second" in page


def test_a_held_claim_can_be_taken_over_with_a_reason(personas, in_review, client_for):  # noqa: F811
    app = in_review()
    services.application_claim(application=app, actor=personas["ivan"])
    url = reverse("eresidency:take_over", kwargs={"code": app.code})
    page = client_for("iris").get(reverse("eresidency:review_detail", kwargs={"code": app.code})).content.decode()
    assert url in page
    client_for("iris").post(url, {"reason": ""})
    assert Application.objects.get(pk=app.pk).claimed_by == personas["ivan"]
    client_for("iris").post(url, {"reason": "Ivan is on leave this week."})
    assert Application.objects.get(pk=app.pk).claimed_by == personas["iris"]
    entry = [e for e in journal_for(app) if e.action == "claim_take_over"][-1]
    assert entry.reason == "Ivan is on leave this week." and entry.data["from"] == str(personas["ivan"].code)


def test_officials_timeline_is_in_the_third_person(personas, in_review, client_for):  # noqa: F811
    app = in_review()
    page = client_for("ivan").get(reverse("eresidency:review_detail", kwargs={"code": app.code})).content.decode()
    assert "You started the application." not in page and "You submitted the application" not in page
    assert "The applicant started the application." in page
