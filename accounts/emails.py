"""Every outgoing e-mail goes through the outbox (``accounts.OutgoingEmail``).

``send_templated_email`` renders the message now (subject, text and HTML from a template
trio, in the active language) and stores it; a task delivers it after the surrounding
transaction commits. A mail server that is down therefore never turns a committed decision
into an error page, and no message is lost: the task retries with back-off, the row keeps
the last error, and administrators see what is waiting (home panel, admin, failed tasks).
Called inside a transaction, the message is stored in it, so it exists exactly when the
change that caused it commits.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from accounts.models import OutgoingEmail
from audit.tasking import retry_delay

logger = logging.getLogger(__name__)

# A worker that died mid-send frees its lease after this long; the sweep then retries.
LEASE = timedelta(minutes=5)


def send_templated_email(template_prefix: str, *, to: str, context: dict[str, Any]) -> OutgoingEmail:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", context)
    return email_enqueue(to=to, subject=subject, text=text, html=html, template=template_prefix)


def email_enqueue(*, to: str, subject: str, text: str, html: str = "", template: str = "") -> OutgoingEmail:
    """Store one message and deliver it from a task once the current transaction commits."""
    email = OutgoingEmail.objects.create(
        to=to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=subject[:998],
        body_text=text,
        body_html=html,
        template=template,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: deliver_email_task.enqueue(email.pk))
    return email


class EmailUndelivered(Exception):
    """The mail server refused or could not be reached; the task retries."""


def email_deliver(*, email_id: int) -> bool:
    """One delivery attempt. True when sent now, False when there is nothing to do
    (already sent, given up, or another worker holds the lease). Raises EmailUndelivered
    after recording the failure, so the task machinery retries and shows it."""
    now = timezone.now()
    # Lease the row in one short UPDATE; the SMTP conversation happens outside any lock.
    leased = OutgoingEmail.objects.filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=now),
        pk=email_id,
        sent_at__isnull=True,
        gave_up_at__isnull=True,
    ).update(leased_until=now + LEASE, attempts=F("attempts") + 1, last_attempt_at=now)
    if not leased:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, to=[email.to], from_email=email.from_email
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    message.extra_headers["X-Outbox-Id"] = str(email.code)
    try:
        get_connection(fail_silently=False).send_messages([message])
    except Exception as error:
        failed_at = timezone.now()
        last = email.attempts >= settings.EMAIL_OUTBOX_MAX_ATTEMPTS
        OutgoingEmail.objects.filter(pk=email_id).update(
            leased_until=None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=None if last else failed_at + _delay(email.attempts),
            gave_up_at=failed_at if last else None,
        )
        logger.warning("e-mail %s to %s not delivered (attempt %s): %s", email.code, email.to, email.attempts, error)
        raise EmailUndelivered(str(error)) from error
    OutgoingEmail.objects.filter(pk=email_id).update(
        sent_at=timezone.now(), leased_until=None, next_attempt_at=None, last_error=""
    )
    return True


def _delay(attempt: int) -> timedelta:
    return retry_delay(attempt, base_seconds=settings.EMAIL_OUTBOX_RETRY_SECONDS, max_seconds=3600)


def email_retry(*, email: OutgoingEmail) -> None:
    """An administrator's "send again": also for a message that was given up on."""
    OutgoingEmail.objects.filter(pk=email.pk, sent_at__isnull=True).update(
        gave_up_at=None, attempts=0, next_attempt_at=timezone.now(), leased_until=None
    )
    transaction.on_commit(lambda: deliver_email_task.enqueue(email.pk))


def outbox_sweep(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Enqueue again the messages whose task was lost (a worker killed mid-run, an enqueue
    that never happened): due for longer than ``older_than`` and not leased."""
    now = timezone.now()
    stale = OutgoingEmail.objects.filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=now),
        sent_at__isnull=True,
        gave_up_at__isnull=True,
        next_attempt_at__lt=now - older_than,
    ).values_list("pk", flat=True)
    count = 0
    for pk in stale:
        deliver_email_task.enqueue(pk)
        count += 1
    return count


@task()
def deliver_email_task(email_id: int) -> bool:
    """Deliver one message; on failure schedule the next attempt and fail visibly."""
    try:
        return email_deliver(email_id=email_id)
    except EmailUndelivered:
        due = OutgoingEmail.objects.filter(pk=email_id).values_list("next_attempt_at", flat=True).first()
        if due is not None:
            retry = deliver_email_task
            # A backend that cannot defer (the immediate one in tests) retries at once.
            if retry.get_backend().supports_defer:
                retry = retry.using(run_after=due)
            retry.enqueue(email_id)
        raise


def outbox_waiting_count() -> int:
    """Messages not delivered yet, those given up on included (they need an administrator)."""
    return OutgoingEmail.objects.filter(sent_at__isnull=True).count()


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, with its message put through the outbox."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = " ".join(render_to_string(subject_template_name, context).split())
        text = render_to_string(email_template_name, context)
        html = render_to_string(html_email_template_name, context) if html_email_template_name else ""
        email_enqueue(to=to_email, subject=subject, text=text, html=html, template=email_template_name)
