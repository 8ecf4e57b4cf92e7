"""The decision letter: HTML to PDF/A with WeasyPrint, sealed with the identity board's seal."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from audit.services import transition
from audit.types import ActorLike
from eresidency import constants, events
from eresidency.constants import LetterStatus, State
from eresidency.deadlines import tallinn_date
from eresidency.exceptions import SealingUnavailable
from eresidency.models import Application
from eresidency.services.notify import notify_applicant

logger = logging.getLogger(__name__)
ACTOR = "task:decision_letter"


def render_letter_html(application: Application) -> str:
    with translation.override(application.applicant.language or "en"):
        return render_to_string(
            "eresidency/documents/decision_letter.html",
            {
                "application": application,
                "authority": constants.setting("ERESIDENCY_AUTHORITY_NAME", "Police and Border Guard Board"),
                "issued_on": tallinn_date(),
                "delivery_weeks": constants.delivery_days() // 7,
                "pickup_months": constants.pickup_window_months(),
            },
        )


def render_letter_pdf(application: Application) -> bytes:
    from weasyprint import HTML

    html = render_letter_html(application)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/a-3b")


SEAL = "identity_board"


def _check_seal() -> None:
    """Fail before rendering when no seal exists: the task is retried until one does."""
    try:
        from trust.selectors import seal_certificates
    except ImportError as error:
        raise SealingUnavailable(f"The trust service cannot seal documents: {error}") from error
    if not seal_certificates().filter(seal=SEAL).exists():
        raise SealingUnavailable("The identity board has no seal certificate yet (run manage.py trust_init).")


def _seal(pdf: bytes) -> bytes:
    from trust.services import seal_pdf

    return seal_pdf(pdf, seal=SEAL)


def letter_order(app: Application, *, actor: ActorLike) -> None:
    """The decision was made: its letter is now due (a journaled move of ``letter_status``).
    Call in the deciding transaction, on the locked application."""
    if app.letter_status == LetterStatus.NONE:
        transition(app, "letter_order", actor=actor, save_fields=["letter_error", "updated_at"])


def decision_letter_generate(*, application_id: int) -> bool:
    """Produce and seal the letter once; a failure is recorded and re-raised (to be retried).

    The rendering and sealing run outside any row lock; only storing the result locks."""
    app = Application.objects.select_related("applicant", "pickup_location", "refusal_ground").get(pk=application_id)
    if app.state not in {State.APPROVED, State.REFUSED} or app.letter_status == LetterStatus.READY:
        return False
    try:
        _check_seal()
        sealed = _seal(render_letter_pdf(app))
    except Exception as error:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=app.pk)
            if locked.letter_status != LetterStatus.READY:
                message = f"{type(error).__name__}: {error}"[:2000]
                transition(
                    locked,
                    "letter_fail",
                    actor=ACTOR,
                    reason=message,
                    save_fields=["letter_error", "updated_at"],
                    error=message,
                )
        raise
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=app.pk)
        if locked.letter_status == LetterStatus.READY:
            return False
        locked.letter.save("letter.pdf", ContentFile(sealed), save=False)
        transition(
            locked,
            "letter_issue",
            actor=ACTOR,
            action=events.LETTER_ISSUED,
            data={"bytes": len(sealed), "at": timezone.now().isoformat()},
            save_fields=["letter", "letter_error", "updated_at"],
        )
        notify_applicant(locked, "letter_ready")
    return True
