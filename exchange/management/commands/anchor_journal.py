from django.core.management.base import BaseCommand

from exchange.services import journal_anchor_create


class Command(BaseCommand):
    help = "Time-stamp the journal's head hash with the TSA and publish it as an anchor (daily; idempotent)."

    def handle(self, *args, **options):
        anchor = journal_anchor_create()
        if anchor is None:
            self.stdout.write("The journal is empty; nothing to anchor.")
        else:
            self.stdout.write(f"Journal anchored at entry #{anchor.seq}: {anchor.head_hash}")
