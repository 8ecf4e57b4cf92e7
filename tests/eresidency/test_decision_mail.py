"""An official's decision stands when the mail server is down; the letter mail waits in the outbox."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import OutgoingEmail
from eresidency.constants import State
from eresidency.models import Application
from tests.eresidency.test_review import in_review  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("locations", "sdn_list")


def test_approval_with_the_mail_server_down_is_not_an_error(
    in_review,  # noqa: F811
    client_for,
    pki,
    settings,
    django_capture_on_commit_callbacks,
):
    app = in_review()
    ivan = client_for("ivan")
    ivan.post(reverse("eresidency:claim", kwargs={"code": app.code}))
    settings.EMAIL_BACKEND = "tests.accounts.mail_backends.DownBackend"
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 2
    mail.outbox.clear()
    before = set(OutgoingEmail.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = ivan.post(reverse("eresidency:approve", kwargs={"code": app.code}), {"note": ""})
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.APPROVED
    waiting = OutgoingEmail.objects.exclude(pk__in=before)
    assert waiting.exists() and all(e.to == app.applicant.email and e.sent_at is None for e in waiting)
    assert all("SMTPServerDisconnected" in e.last_error for e in waiting)
