"""E-mails to founders and signers, in the language each person chose."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.emails import send_templated_email


def invite_signers(application_id: int) -> int:
    from accounts.models import User
    from companies.models import FoundingApplication
    from companies.services.founding import required_signers

    app = FoundingApplication.objects.get(pk=application_id)
    url = settings.SITE_URL.rstrip("/") + reverse("companies:founding", kwargs={"code": app.code})
    sent = 0
    for signer in required_signers(app):
        user = User.objects.filter(pk=signer.user_id).first() if signer.user_id else None
        if user is None or signer.signed_at:
            continue
        with translation.override(user.language or "en"):
            send_templated_email(
                "companies/email/sign_invitation",
                to=user.email,
                context={"application": app, "signer": signer, "url": url},
            )
        sent += 1
    return sent


def notify_founders(app, template: str) -> None:
    from accounts.models import User

    url = settings.SITE_URL.rstrip("/") + reverse("companies:founding", kwargs={"code": app.code})
    users = {app.created_by_id} | {f.user_id for f in app.founders.all() if f.user_id}
    for user in User.objects.filter(pk__in=users):
        with translation.override(user.language or "en"):
            send_templated_email(f"companies/email/{template}", to=user.email, context={"application": app, "url": url})
