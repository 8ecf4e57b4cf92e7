from django.core.management.base import BaseCommand

from accounts.emails import outbox_sweep


class Command(BaseCommand):
    help = "Enqueue again the outbox e-mails whose delivery task was lost (idempotent; run by run_scheduled)."

    def handle(self, *args, **options):
        count = outbox_sweep()
        self.stdout.write(f"{count} e-mail(s) enqueued again")
