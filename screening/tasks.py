"""Background work of the screening service: the re-screen after a new list version."""

from __future__ import annotations

from django_tasks import task

from audit.tasking import bind_retries, register_job, with_retries

RESCREEN_JOB = "screening.rescreen"


@register_job(RESCREEN_JOB)
@task()
@with_retries(max_attempts=5, base_seconds=60, max_seconds=3600)
def rescreen_task(rescreen_id: int) -> int:
    from screening.rescreen import rescreen_run

    return rescreen_run(rescreen_id=rescreen_id).alerts_created


bind_retries(rescreen_task)
