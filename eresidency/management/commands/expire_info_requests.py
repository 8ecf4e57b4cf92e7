"""Refuse applications whose request for information was not answered by its deadline.

Run daily (cron, or a scheduler that enqueues eresidency.tasks.expire_info_requests_task).
"""

from django.core.management.base import BaseCommand

from eresidency.services import info_requests_expire


class Command(BaseCommand):
    help = "Refuse applications whose request for information went unanswered past its deadline."

    def handle(self, *args, **options):
        count = info_requests_expire()
        self.stdout.write(f"{count} application(s) refused for no reply.")
