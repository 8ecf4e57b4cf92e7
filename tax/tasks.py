from django_tasks import task

from audit.tasking import bind_retries, register_job, with_retries


@register_job("tax.return_receipt")
@task()
@with_retries(max_attempts=5, base_seconds=30, max_seconds=1800)
def return_receipt_seal(tax_return_id: int) -> None:
    from tax.services.returns import return_receipt_issue

    return_receipt_issue(tax_return_id=tax_return_id)


bind_retries(return_receipt_seal)
