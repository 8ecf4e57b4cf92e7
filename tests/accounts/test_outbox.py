"""Every outgoing e-mail goes through the outbox: stored with the change, delivered by a task
that retries, visible to administrators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails import email_deliver, email_enqueue, outbox_sweep, send_templated_email
from accounts.models import OutgoingEmail, User
from tests.accounts.mail_backends import FlakyBackend
from tests.accounts.test_auth import signup

DOWN = "tests.accounts.mail_backends.DownBackend"
FLAKY = "tests.accounts.mail_backends.FlakyBackend"

pytestmark = pytest.mark.django_db


def test_sign_up_with_the_mail_server_down_succeeds_and_the_mail_waits(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = DOWN
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client)
    assert response.status_code == 302  # not a 500: the account exists
    assert User.objects.filter(email="nadia@example.com").exists()
    email = OutgoingEmail.objects.get(to="nadia@example.com")
    # The immediate task backend retries at once; the last attempt gives up and says why.
    assert email.attempts == 3 and email.sent_at is None and email.gave_up_at is not None
    assert "SMTPServerDisconnected" in email.last_error
    assert email.get_delivery_display() == "given up"
    assert mail.outbox == []


def test_a_failed_delivery_is_retried_until_it_goes_through(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FLAKY
    FlakyBackend.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(to="someone@example.org", subject="Hello", text="Body", html="<p>Body</p>")
    email = OutgoingEmail.objects.get()
    assert email.attempts == 3 and email.sent_at is not None and email.last_error == ""
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0][0] == "<p>Body</p>"
    assert mail.outbox[0].extra_headers["X-Outbox-Id"] == str(email.code)


def test_the_message_exists_only_if_the_change_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        send_templated_email("accounts/email/verify", to="x@example.org", context={"link": "L", "hours": 24})
        raise RuntimeError("the decision failed")
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_a_message_is_sent_once_even_when_delivered_twice(settings):
    email = email_enqueue(to="a@example.org", subject="S", text="T")  # not committed: no task yet
    assert email_deliver(email_id=email.pk) is True
    assert email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_a_leased_message_is_left_to_the_worker_holding_it():
    email = email_enqueue(to="a@example.org", subject="S", text="T")
    OutgoingEmail.objects.filter(pk=email.pk).update(leased_until=timezone.now() + timedelta(minutes=1))
    assert email_deliver(email_id=email.pk) is False
    assert mail.outbox == []


def test_the_sweep_sends_messages_whose_task_was_lost():
    lost = email_enqueue(to="lost@example.org", subject="S", text="T")
    fresh = email_enqueue(to="fresh@example.org", subject="S", text="T")
    OutgoingEmail.objects.filter(pk=lost.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    assert outbox_sweep() == 1
    assert [m.to for m in mail.outbox] == [["lost@example.org"]]
    assert OutgoingEmail.objects.get(pk=fresh.pk).sent_at is None


def test_administrators_see_waiting_mail_and_can_send_it_again(
    personas, client_for, settings, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=personas["ada"].pk).update(is_staff=True, is_superuser=True)  # as load_personas does
    settings.EMAIL_BACKEND = DOWN
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(to="waiting@example.org", subject="Your decision", text="T")
    ada = client_for("ada")
    home = ada.get(reverse("accounts:home")).content.decode()
    assert "1 e-mail not delivered yet" in home
    outbox_url = reverse("admin:accounts_outgoingemail_changelist")
    listing = ada.get(outbox_url).content.decode()
    assert "waiting@example.org" in listing and "SMTPServerDisconnected" in listing
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email = OutgoingEmail.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = ada.post(outbox_url, {"action": "send_again", "_selected_action": [email.pk]})
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.sent_at is not None and [m.to for m in mail.outbox] == [["waiting@example.org"]]
    assert "Every e-mail has been delivered." in ada.get(reverse("accounts:home")).content.decode()
