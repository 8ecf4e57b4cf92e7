"""In Chromium: a board member fills in a TSD with one wage and one dividend, sees the
figures computed as she types (the page's script calls the public calculator), signs with
PIN2 and gets the filed return with the tax board's receipt."""

from __future__ import annotations

import pytest

from tax.models import TaxReturn
from tests.digital_id.conftest import NEW_PIN2

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_filing_a_tsd_with_one_wage_and_one_dividend(browser_page, company, ready):
    page = browser_page
    alice = ready.card.holder
    page.goto("/accounts/login/")
    page.fill("#id_username", alice.email)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/accounts/home/")

    page.goto("/tax/companies/")
    page.get_by_role("link", name="Alice Digital OÜ").click()
    page.get_by_role("link", name="File a TSD").click()
    page.fill("#id_period", "2026-11")
    page.fill("#annex1-0-personal_code", "36805280109")
    page.select_option("#annex1-0-payment_type", "10")
    page.fill("#annex1-0-gross", "1500.00")
    page.select_option("#annex1-0-pension_rate", "2")
    page.check("#annex1-0-basic_exemption")
    page.fill("#annex7-0-recipient", "Alice Applicant")
    page.fill("#annex7-0-net", "1000.00")
    page.fill("#annex7-0-paid_on", "2026-11-14")
    # Live figures from the calculator API, before anything is submitted.
    page.wait_for_selector("#live-figures >> text=1007.17")
    assert not TaxReturn.objects.exists()

    page.fill("#id_pin2", NEW_PIN2)
    page.get_by_role("button", name="Sign with PIN2 and file").click()
    page.wait_for_url("**/tax/returns/**")
    page.wait_for_selector("text=This is the version in force")
    tax_return = TaxReturn.objects.get()
    assert tax_return.result["totals"]["total_to_pay"] == "1007.17"
    assert tax_return.result["totals"]["cit"] == "282.05"
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Receipt sealed by the tax board (PDF)").click()
    assert download.value.suggested_filename.startswith("receipt-TSD-2026-11")
