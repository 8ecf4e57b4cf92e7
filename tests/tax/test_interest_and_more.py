"""Late interest (§3.5), KMD filing for a VAT-registered company, an accountant filing under
a mandate, and the company page's constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tax.calculator.interest import late_interest
from tax.selectors import get_account_for_user, obligations
from tax.services import mandate_grant, taxpayer_account_open
from tax.services.returns import tax_return_file
from tests.conftest import signed_in_client
from tests.digital_id.conftest import NEW_PIN2


def test_late_interest_is_0_06_percent_a_day_rounded_to_the_euro_with_a_10_euro_floor():
    # §3.5: 10,000 × 30 days × 0.0006 = 180.00.
    assert late_interest(unpaid=Decimal("10000"), due=date(2025, 3, 10), paid=date(2025, 4, 9)) == Decimal("180.00")
    # 1,234 × 15 × 0.0006 = 11.106 → 11 (whole euro, Taxation Act § 97).
    assert late_interest(unpaid=Decimal("1234"), due=date(2025, 3, 10), paid=date(2025, 3, 25)) == Decimal("11.00")
    # 500 × 20 × 0.0006 = 6 → below the €10 floor, not claimed.
    assert late_interest(unpaid=Decimal("500"), due=date(2025, 3, 10), paid=date(2025, 3, 30)) == Decimal("0.00")
    assert late_interest(unpaid=Decimal("500"), due=date(2025, 3, 10), paid=date(2025, 3, 10)) == Decimal("0.00")


def test_late_interest_follows_the_rate_by_day_across_2020():
    # 01.03–17.05.2020 no interest; from 18.05.2020 0.03 % a day. 100,000 due 2020-02-29, paid
    # 2020-05-20: 0 for 78 days, then 3 days × 30 = 90 (+ 0 for 1 March… 17 May).
    assert late_interest(unpaid=Decimal("100000"), due=date(2020, 2, 29), paid=date(2020, 5, 20)) == Decimal("90.00")


@pytest.mark.django_db
def test_a_vat_registered_company_files_a_nil_kmd(company, ready, django_capture_on_commit_callbacks):
    company.vat_number = "EE100000019"
    company.vat_registered_on = date(2026, 1, 1)
    company.save(update_fields=["vat_number", "vat_registered_on"])
    alice = ready.card.holder
    access = get_account_for_user(alice, company.registry_code, write=True)
    with django_capture_on_commit_callbacks(execute=True):
        kmd = tax_return_file(
            access=access, actor=alice, data={"kind": "KMD", "period": "2026-10"}, source="form", pin2=NEW_PIN2
        )
    assert kmd.total_to_pay == 0 and kmd.due_date == date(2026, 11, 20)
    statuses = {(o.kind, o.period): o.status for o in obligations(company)}
    assert statuses[("KMD", "2026-10")] == "filed_late"  # due 20 November, filed now


@pytest.mark.django_db
def test_an_accountant_with_a_mandate_files_and_signs_as_accountant(
    register, personas, ready, django_capture_on_commit_callbacks
):
    oscar, alice = personas["oscar"], ready.card.holder
    info = register.add_company(
        register.OTHER_CODE, "Oscar Trading OÜ", board=[("36805280109", "Oscar", "Outsider", oscar)]
    )
    account = taxpayer_account_open(info=info, actor="register")
    today = date.today()
    mandate_grant(
        account=account,
        actor=oscar,
        accountant_email=alice.email,
        valid_from=today,
        valid_to=today + timedelta(days=30),
    )
    access = get_account_for_user(alice, account.registry_code, write=True)
    assert access.role == "accountant"
    data = {
        "kind": "TSD",
        "period": "2026-11",
        "annex7": [{"recipient": "Oscar", "net": "780.00", "paid_on": "2026-11-02"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        tax_return = tax_return_file(access=access, actor=alice, data=data, source="json", pin2=NEW_PIN2)
    assert tax_return.signer_role == "accountant" and tax_return.total_to_pay == Decimal("220.00")


@pytest.mark.django_db
def test_the_company_page_runs_a_constant_number_of_queries(company, personas, django_assert_max_num_queries):
    from django.core.files.base import ContentFile

    from tax.models import TaxReturn

    client = signed_in_client(personas["alice"])
    url = reverse("tax:company", kwargs={"registry_code": company.registry_code})

    def add(period):
        r = TaxReturn(
            account=company,
            kind="TSD",
            period=period,
            state="submitted",
            source="json",
            request={},
            result={},
            rules_digest="x",
            due_date=date(2026, 1, 10),
            total_to_pay=1,
            canonical_sha256="0" * 64,
            signed_by=personas["alice"],
            signer_role="board_member",
        )
        r.pdf.save("r.pdf", ContentFile(b"%PDF"), save=False)
        r.save()

    add("2026-01")
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for month in range(2, 10):
        add(f"2026-{month:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
