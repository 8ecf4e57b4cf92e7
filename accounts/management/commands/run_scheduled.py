import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the periodic jobs in settings.SCHEDULED_COMMANDS once (expired requests, uncollected "
        "IDs, renewal invitations…). Each is idempotent: run it from cron daily or hourly."
    )

    def handle(self, *args, **options):
        failed = []
        for name, *arguments in settings.SCHEDULED_COMMANDS:
            self.stdout.write(f"» {name} {' '.join(arguments)}")
            try:
                call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:
                # One failing job must not stop the others; the failure is logged and reported.
                logger.exception("scheduled job %s failed", name)
                failed.append(f"{name}: {error}")
        if failed:
            raise CommandError("Some scheduled jobs failed: " + "; ".join(failed))
