"""Hand-off of a paid payment to the handler its purpose registered.

The handler runs in the settling transaction inside a savepoint. If it raises, its writes
roll back but the payment stays paid (the money is in); a ``SettlementHandoff`` row records
the failure and a background task retries it with back-off until it succeeds or the
attempts run out, and administrators see it until then.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from audit.types import ActorLike
from payments import events, jobs
from payments.constants import HANDOFF_BASE_SECONDS, HANDOFF_MAX_ATTEMPTS, HandoffStatus
from payments.models import Payment, SettlementHandoff
from payments.registry import settlement_handler_for
from payments.services.state import SYSTEM_ACTOR, lock_payment

logger = logging.getLogger(__name__)


class HandoffStillFailing(Exception):
    """Raised after a failed retry is recorded, so the task's back-off retries again."""


def _run_handler(payment: Payment) -> str:
    """Run the purpose's handler in a savepoint; return '' or the error text."""
    handler = settlement_handler_for(payment.purpose)
    if handler is None:
        return f"No settlement handler is registered for purpose {payment.purpose!r}."
    try:
        with transaction.atomic():
            handler(payment)
    except Exception as error:
        logger.exception("Settlement handler for %s failed on payment %s", payment.purpose, payment.code)
        return f"{type(error).__name__}: {error}"[:4000]
    return ""


def hand_off(payment: Payment) -> SettlementHandoff | None:
    """Call inside the settling transaction, right after the payment became paid."""
    error = _run_handler(payment)
    if not error:
        journal_record(actor=SYSTEM_ACTOR, action=events.HANDED_OFF, subject=payment, data={"purpose": payment.purpose})
        return None
    handoff = SettlementHandoff.objects.create(payment=payment, purpose=payment.purpose, attempts=1, last_error=error)
    journal_record(
        actor=SYSTEM_ACTOR,
        action=events.HANDOFF_FAILED,
        subject=payment,
        reason=error,
        data={"handoff": str(handoff.code), "attempt": 1},
    )
    schedule_retry(handoff, delay=True)
    return handoff


def schedule_retry(handoff: SettlementHandoff, *, delay: bool) -> None:
    enqueue_job_on_commit(
        jobs.SETTLEMENT_HANDOFF_RETRY,
        str(handoff.code),
        delay=timedelta(seconds=HANDOFF_BASE_SECONDS) if delay else None,
    )


def settlement_handoff_retry(*, handoff_code: str) -> str:
    """One retry of a failed hand-off (the task's body). Idempotent: a done hand-off is
    left alone. Returns ``"done"``, ``"gave_up"`` or ``"skipped"``; raises
    ``HandoffStillFailing`` after recording a failure that should be retried."""
    with transaction.atomic():
        handoff = SettlementHandoff.objects.select_for_update().filter(code=handoff_code).first()
        if handoff is None or handoff.status != HandoffStatus.PENDING:
            return "skipped"
        payment = lock_payment(handoff.payment_id)
        if not payment.is_settled:
            # Cannot happen through our services (a paid payment never goes back); keep it visible.
            error = _("The payment is no longer paid (%(status)s).") % {"status": payment.status}
        else:
            error = _run_handler(payment)
        handoff.attempts += 1
        if not error:
            transition(
                handoff,
                "complete",
                actor=SYSTEM_ACTOR,
                reason=_("Handed off on attempt %(n)s.") % {"n": handoff.attempts},
            )
            journal_record(
                actor=SYSTEM_ACTOR,
                action=events.HANDED_OFF,
                subject=payment,
                data={"purpose": payment.purpose, "attempt": handoff.attempts},
            )
            return "done"
        handoff.last_error = error
        if handoff.attempts >= HANDOFF_MAX_ATTEMPTS:
            transition(handoff, "give_up", actor=SYSTEM_ACTOR, reason=error, data={"attempts": handoff.attempts})
            outcome = "gave_up"
        else:
            handoff.save(update_fields=["attempts", "last_error", "updated_at"])
            journal_record(
                actor=SYSTEM_ACTOR,
                action=events.HANDOFF_FAILED,
                subject=payment,
                reason=error,
                data={"handoff": str(handoff.code), "attempt": handoff.attempts},
            )
            outcome = "retry"
    if outcome == "retry":
        raise HandoffStillFailing(error)
    return outcome


def settlement_handoff_reopen(*, handoff: SettlementHandoff, actor: ActorLike) -> SettlementHandoff:
    """An administrator's "retry now": a new round of attempts, starting immediately."""
    with transaction.atomic():
        handoff = SettlementHandoff.objects.select_for_update().get(pk=handoff.pk)
        if handoff.status == HandoffStatus.DONE:
            return handoff
        if handoff.status == HandoffStatus.FAILED:
            handoff.attempts = 0
            transition(handoff, "reopen", actor=actor, reason=_("Retry requested by an administrator."))
        else:
            journal_record(actor=actor, action=events.HANDOFF_RETRY_REQUESTED, subject=handoff)
        schedule_retry(handoff, delay=False)
    return handoff
