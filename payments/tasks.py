"""Background work: settlement hand-off retries and receipt rendering. Tasks take codes
(strings), are idempotent, and are enqueued only after the transaction commits."""

from __future__ import annotations

from django_tasks import task

from audit.tasking import bind_retries, register_job, with_retries
from payments import jobs
from payments.constants import HANDOFF_BASE_SECONDS, HANDOFF_MAX_ATTEMPTS, HANDOFF_MAX_SECONDS


@register_job(jobs.SETTLEMENT_HANDOFF_RETRY)
@task()
@with_retries(max_attempts=HANDOFF_MAX_ATTEMPTS, base_seconds=HANDOFF_BASE_SECONDS, max_seconds=HANDOFF_MAX_SECONDS)
def retry_settlement_handoff(handoff_code: str) -> str:
    """Run a failed purpose handler again. The hand-off row counts the attempts and gives
    up (visible to administrators) after ``HANDOFF_MAX_ATTEMPTS``."""
    from payments.services import settlement_handoff_retry

    return settlement_handoff_retry(handoff_code=handoff_code)


bind_retries(retry_settlement_handoff)


@register_job(jobs.RECEIPT_RENDER)
@task()
@with_retries(max_attempts=5, base_seconds=30, max_seconds=1800)
def render_receipt(payment_code: str) -> bool:
    from payments.services import payment_receipt_store

    return payment_receipt_store(payment_code=payment_code) is not None


bind_retries(render_receipt)
