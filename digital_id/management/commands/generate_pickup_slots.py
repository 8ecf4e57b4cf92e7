from datetime import timedelta

from django.core.management.base import BaseCommand

from digital_id.dates import tallinn_date
from digital_id.services import pickup_slots_generate


class Command(BaseCommand):
    help = "Create pick-up appointment slots on working days at every active pick-up location (demo data)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=21, help="How many days ahead (default 21).")
        parser.add_argument("--capacity", type=int, default=2, help="Holders per slot (default 2).")
        parser.add_argument("--minutes", type=int, default=30, help="Slot length in minutes (default 30).")

    def handle(self, *args, **options) -> None:
        if options["days"] < 1 or options["capacity"] < 1 or options["minutes"] < 5:
            self.stderr.write("days and capacity must be at least 1, minutes at least 5.")
            return
        created = pickup_slots_generate(
            start=tallinn_date() + timedelta(days=1),
            days=options["days"],
            capacity=options["capacity"],
            minutes=options["minutes"],
        )
        self.stdout.write(f"{created} pick-up slot(s) created.")
