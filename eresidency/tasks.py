"""Background work: screening stages, decision letters, expiry of unanswered requests.

Tasks take ids, are idempotent, and are enqueued after commit (audit.tasking).
"""

from __future__ import annotations

from django_tasks import task

from audit.tasking import bind_retries, register_job, with_retries
from eresidency import jobs
from eresidency.constants import STAGE_MAX_ATTEMPTS


@register_job(jobs.SCREENING_START)
@task()
@with_retries(max_attempts=5, base_seconds=30, max_seconds=1800)
def screening_start_task(application_id: int) -> bool:
    from eresidency.services import screening_start

    return screening_start(application_id=application_id)


@register_job(jobs.SCREENING_STAGE)
@task()
@with_retries(max_attempts=STAGE_MAX_ATTEMPTS, base_seconds=60, max_seconds=3600)
def screening_stage_task(stage_id: int, round_: int) -> str | None:
    from eresidency.services import screening_stage_run

    return screening_stage_run(stage_id=stage_id, round_=round_)


@register_job(jobs.DECISION_LETTER)
@task()
@with_retries(max_attempts=8, base_seconds=60, max_seconds=3600)
def decision_letter_task(application_id: int) -> bool:
    from eresidency.services import decision_letter_generate

    return decision_letter_generate(application_id=application_id)


@task()
def expire_info_requests_task() -> int:
    from eresidency.services import info_requests_expire

    return info_requests_expire()


bind_retries(screening_start_task)
bind_retries(screening_stage_task)
bind_retries(decision_letter_task)
