"""Compare our payments with the provider's records and list every difference.

    manage.py reconcile_payments --from 2026-03-01 --to 2026-03-31 [--provider stripe]

Exit status 0 when everything matches, 1 when differences were listed (for cron alerts).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payments.constants import Provider
from payments.exceptions import PaymentError
from payments.services import reconcile_payments


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).")


class Command(BaseCommand):
    help = "List differences between local payments and the payment provider's records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="first day (YYYY-MM-DD, Tallinn)")
        parser.add_argument("--to", dest="end", required=True, help="last day, inclusive (YYYY-MM-DD, Tallinn)")
        parser.add_argument("--provider", default=Provider.STRIPE, choices=Provider.values)

    def handle(self, *args, **options) -> None:
        try:
            differences = reconcile_payments(
                start=_date(options["start"]), end=_date(options["end"]), provider=options["provider"]
            )
        except PaymentError as error:
            raise CommandError(str(error))
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            self.stdout.write(self.style.WARNING(f"{len(differences)} difference(s)."))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("No differences."))
