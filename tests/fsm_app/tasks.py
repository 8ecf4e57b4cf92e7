from django_tasks import task

from audit.tasking import bind_retries, with_retries
from tests.fsm_app.models import Case


@task()
@with_retries(max_attempts=3, base_seconds=0)
def flaky_open(case_code: str, fail_times: int) -> str:
    """Fails ``fail_times`` times (counted in the case's note), then succeeds."""
    case = Case.objects.get(code=case_code)
    tries = int(case.note or 0) + 1
    Case.objects.filter(pk=case.pk).update(note=str(tries))
    if tries <= fail_times:
        raise RuntimeError(f"flaky failure {tries}")
    return f"opened after {tries}"


bind_retries(flaky_open)
