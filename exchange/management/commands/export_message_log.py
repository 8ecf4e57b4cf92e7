from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.models import Member
from exchange.services import message_log_export


class Command(BaseCommand):
    help = "Export a member's message log for a period as a ZIP that OpenSSL can verify offline."

    def add_arguments(self, parser):
        parser.add_argument("member", help="the member's public id (UUID) or registry code")
        parser.add_argument("start", type=date.fromisoformat)
        parser.add_argument("end", type=date.fromisoformat)
        parser.add_argument("output", type=Path)

    def handle(self, *args, member, start, end, output, **options):
        found = Member.objects.filter(registry_code=member).first()
        if found is None:
            try:
                found = Member.objects.filter(code=member).first()
            except Exception:
                found = None
        if found is None:
            raise CommandError(f"No member {member!r}.")
        output.write_bytes(message_log_export(member=found, start=start, end=end, actor="command:export_message_log"))
        self.stdout.write(f"Wrote {output}.")
