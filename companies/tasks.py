"""Background work of the business register. Tasks take ids, are idempotent and are
enqueued after commit (audit.tasking)."""

from __future__ import annotations

from django_tasks import task

from audit.tasking import bind_retries, register_job, with_retries
from companies.constants import check_max_attempts


@register_job("companies.run_checks")
@task()
@with_retries(max_attempts=check_max_attempts(), base_seconds=60, max_seconds=3600)
def run_checks_task(application_id: int) -> str:
    from companies.services.checks import checks_run

    return checks_run(application_id=application_id)


@register_job("companies.registered_handler")
@task()
@with_retries(max_attempts=8, base_seconds=60, max_seconds=3600)
def company_registered_handler_task(registry_code: str, handler: str) -> bool:
    from companies.services.review import company_registered_handler_retry

    return company_registered_handler_retry(registry_code=registry_code, handler=handler)


bind_retries(run_checks_task)
bind_retries(company_registered_handler_task)
