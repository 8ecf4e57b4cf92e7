"""E-mails to the applicant, in their language, sent only after the change commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import translation

from accounts.emails import send_templated_email
from eresidency.models import Application


def notify_applicant(application: Application, template: str, **context: Any) -> None:
    """Send ``eresidency/email/<template>`` once the surrounding transaction commits."""
    applicant = application.applicant
    application_id = application.pk

    def send() -> None:
        fresh = Application.objects.select_related("applicant", "pickup_location", "refusal_ground").get(
            pk=application_id
        )
        with translation.override(applicant.language or "en"):
            send_templated_email(
                f"eresidency/email/{template}",
                to=applicant.email,
                context={"application": fresh, "applicant": applicant, **context},
            )

    transaction.on_commit(send)
