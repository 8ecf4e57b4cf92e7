from django.core.management.base import BaseCommand

from exchange.services import message_log_timestamp


class Command(BaseCommand):
    help = "Time-stamp the member API's message log in batches (idempotent; run hourly or daily)."

    def handle(self, *args, **options):
        batches = message_log_timestamp()
        count = sum(b.messages.count() for b in batches)
        self.stdout.write(f"Time-stamped {count} messages in {len(batches)} batches.")
