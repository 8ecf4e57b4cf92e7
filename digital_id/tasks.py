"""Background work of the digital ID: making cards, renewal checks, expiry, invitations.

Tasks take ids, are idempotent, and are enqueued after commit (audit.tasking). The periodic
ones are also management commands (expire_uncollected, expire_digital_ids,
send_renewal_invitations) for cron.
"""

from __future__ import annotations

from django_tasks import task

from audit.tasking import bind_retries, register_job, with_retries
from digital_id import jobs


@register_job(jobs.MANUFACTURE)
@task()
@with_retries(max_attempts=6, base_seconds=60, max_seconds=3600)
def manufacture_task(digital_id_id: int) -> bool:
    from digital_id.services import digital_id_manufacture

    return digital_id_manufacture(digital_id_id=digital_id_id)


@register_job(jobs.RENEWAL_SCREEN)
@task()
@with_retries(max_attempts=8, base_seconds=300, max_seconds=6 * 3600)
def renewal_screen_task(renewal_id: int) -> str:
    from digital_id.services import renewal_screen

    return renewal_screen(renewal_id=renewal_id)


@task()
def expire_uncollected_task() -> int:
    from digital_id.services import digital_ids_expire_uncollected

    return digital_ids_expire_uncollected()


@task()
def expire_digital_ids_task() -> int:
    from digital_id.services import digital_ids_expire

    return digital_ids_expire()


@task()
def send_renewal_invitations_task() -> int:
    from digital_id.services import renewal_invitations_send

    return renewal_invitations_send()


bind_retries(manufacture_task)
bind_retries(renewal_screen_task)
