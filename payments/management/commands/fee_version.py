"""Add or close a version of a fee (fees are dated data; never edit a version in place).

    manage.py fee_version list [--code eresidency_state_fee]
    manage.py fee_version add --code eresidency_state_fee --amount 175.00 --from 2027-01-01 \
        --legal-reference "State Fees Act § …, https://…" [--variant embassy] [--to …] [--note …]
    manage.py fee_version close --code amendment_entry --to 2026-12-31 [--variant embassy]
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payments.exceptions import PaymentError
from payments.selectors import fee_history
from payments.services import fee_version_add, fee_version_close


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).")


class Command(BaseCommand):
    help = "List, add or close versions of a fee."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list")
        listing.add_argument("--code", default="")
        add = sub.add_parser("add")
        add.add_argument("--code", required=True)
        add.add_argument("--amount", required=True)
        add.add_argument("--from", dest="valid_from", required=True)
        add.add_argument("--to", dest="valid_to", default="")
        add.add_argument("--variant", default="")
        add.add_argument("--legal-reference", required=True)
        add.add_argument("--note", default="")
        add.add_argument("--keep-previous-open", action="store_true", help="do not close the version before it")
        close = sub.add_parser("close")
        close.add_argument("--code", required=True)
        close.add_argument("--to", dest="valid_to", required=True)
        close.add_argument("--variant", default="")

    def handle(self, *args, **options) -> None:
        actor = "command:fee_version"
        try:
            if options["action"] == "list":
                for fee in fee_history(options["code"] or None):
                    self.stdout.write(str(fee))
            elif options["action"] == "add":
                fee = fee_version_add(
                    code=options["code"],
                    amount=options["amount"],
                    valid_from=_date(options["valid_from"]),
                    valid_to=_date(options["valid_to"]) if options["valid_to"] else None,
                    variant=options["variant"],
                    legal_reference=options["legal_reference"],
                    note=options["note"],
                    close_previous=not options["keep_previous_open"],
                    actor=actor,
                )
                self.stdout.write(self.style.SUCCESS(f"Added {fee}"))
            else:
                fee = fee_version_close(
                    code=options["code"], variant=options["variant"], valid_to=_date(options["valid_to"]), actor=actor
                )
                self.stdout.write(self.style.SUCCESS(f"Closed {fee}"))
        except PaymentError as error:
            raise CommandError(str(error))
