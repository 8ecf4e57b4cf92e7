"""E-mails to the holder, in their language, sent only after the change commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import translation

from accounts.emails import send_templated_email
from digital_id.models import DigitalId


def notify_holder(digital_id: DigitalId, template: str, **context: Any) -> None:
    """Send ``digital_id/email/<template>`` to the holder once the transaction commits."""
    digital_id_pk = digital_id.pk

    def send() -> None:
        fresh = DigitalId.objects.select_related("holder", "pickup_location", "personal_code").get(pk=digital_id_pk)
        holder = fresh.holder
        with translation.override(holder.language or "en"):
            send_templated_email(
                f"digital_id/email/{template}",
                to=holder.email,
                context={"digital_id": fresh, "holder": holder, **context},
            )

    transaction.on_commit(send)
