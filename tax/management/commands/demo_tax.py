"""Demo data for the tax board: a company with people, VAT registration and filed TSDs and
KMDs for several past months, the last month's returns left due soon. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

DEMO_CODE = "12345678"


@dataclass(frozen=True)
class _Info:
    registry_code: str
    name: str
    registered_on: date


def _months_back(today: date, n: int) -> str:
    year, month = today.year, today.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year}-{month:02d}"


class Command(BaseCommand):
    help = (
        "Demo data: filed TSDs and KMDs for a company (its account opened if the register has not). Needs trust_init."
    )

    def handle(self, *args, **options) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Demo data is refused in production mode.")
        from accounts.models import User
        from audit.services import journal_record
        from tax import register_link
        from tax.models import TaxpayerAccount
        from tax.numbers import vat_number_for
        from tax.services import person_add, taxpayer_account_open
        from tax.services.returns import tax_return_record_demo

        filer = User.objects.filter(email="alice@example.org").first() or User.objects.order_by("pk").first()
        if filer is None:
            raise CommandError("Load the personas first (manage.py load_personas).")
        try:
            represented = register_link.companies_represented_by(filer)
        except ImportError:  # the business register is not installed in this build
            represented = []
        infos = represented[:1] or [_Info(DEMO_CODE, "Demo Digital OÜ", date(2024, 9, 2))]
        today = timezone.localdate()
        filed = 0
        for info in infos:
            account = taxpayer_account_open(info=info, actor="demo_data")
            with transaction.atomic():
                account = TaxpayerAccount.objects.select_for_update().get(pk=account.pk)
                if not account.people.exists():
                    person_add(
                        account=account,
                        actor="demo_data",
                        given_names="Mari",
                        surname="Maasikas",
                        personal_code="49403136526",
                        pension_rate=Decimal("2"),
                        basic_exemption=True,
                    )
                    person_add(
                        account=account,
                        actor="demo_data",
                        given_names="Jaan",
                        surname="Tamm",
                        personal_code="36805280109",
                        pension_rate=Decimal("0"),
                        board_member=True,
                    )
                if not account.vat_number:
                    account.vat_number = vat_number_for(account.pk)
                    account.vat_registered_on = date(today.year - 1, 1, 1)
                    account.save(update_fields=["vat_number", "vat_registered_on"])
                    journal_record(
                        actor="demo_data",
                        action="vat_number_issued",
                        subject=account,
                        data={"vat_number": account.vat_number},
                    )
            for back in (4, 3, 2):
                period = _months_back(today, back)
                tsd = {
                    "kind": "TSD",
                    "period": period,
                    "annex1": [
                        {
                            "personal_code": "49403136526",
                            "name": "Mari Maasikas",
                            "payment_type": "10",
                            "gross": f"{2400 + 50 * back}.00",
                            "pension_rate": "2",
                            "basic_exemption": True,
                        },
                        {
                            "personal_code": "36805280109",
                            "name": "Jaan Tamm",
                            "payment_type": "24",
                            "gross": "800.00",
                            "pension_rate": "0",
                        },
                    ],
                }
                if back == 3:
                    tsd["annex7"] = [
                        {
                            "recipient": "Jaan Tamm",
                            "recipient_code": "36805280109",
                            "net": "5000.00",
                            "paid_on": f"{period}-15",
                        }
                    ]
                kmd = {
                    "kind": "KMD",
                    "period": period,
                    "supplies": [
                        {
                            "category": "standard",
                            "taxable_value": f"{6000 + 700 * back}.00",
                            "supplied_on": f"{period}-05",
                            "counterparty_code": "10000356",
                            "counterparty_name": "Client AS",
                            "invoice_number": f"{period}-1",
                        },
                        {
                            "category": "intra_eu",
                            "taxable_value": "2500.00",
                            "supplied_on": f"{period}-12",
                            "counterparty_code": "FI12345671",
                            "counterparty_name": "Client Oy",
                            "invoice_number": f"{period}-2",
                        },
                    ],
                    "input_vat": "310.00",
                }
                for data in (tsd, kmd):
                    before = account.returns.count()
                    tax_return_record_demo(account=account, data=data, actor=filer)
                    filed += account.returns.count() - before
        self.stdout.write(f"{filed} demo return(s) filed; last month's TSD and KMD are left due.")
