"""In Chromium: one e-resident founds an OÜ through the pages (name, data, founder, board,
signature with PIN2, fee through the local checkout), and the registrar registers it."""

from __future__ import annotations

import contextlib

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from companies.models import FoundingApplication
from tests.companies.conftest import issue_card
from tests.digital_id.conftest import NEW_PIN2

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _no_capture(execute=True):
    # In a transactional test on_commit callbacks run at once; nothing to capture.
    return contextlib.nullcontext()


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")


def test_single_founder_journey_in_chromium(browser_page, pki, personas, office, sdn_list):
    card = issue_card(personas["alice"], office, _no_capture, personas["pia"])
    page = browser_page
    _sign_in(page, "alice@example.org")
    page.wait_for_url("**/accounts/home/")
    page.get_by_role("link", name="Found a company").click()
    page.fill("#id_name", "Lõunatuul OÜ")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/companies/found/*/")
    page.select_option("#id_procedure", "expedited")
    page.fill("#id_email", "info@lounatuul.example")
    page.fill("#id_address", "Rüütli 1, 51007 Tartu")
    page.select_option("#id_activity", label="70221 Business and other management consultancy activities")
    page.fill("#id_share_capital", "100.00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Saved.")
    page.fill("#id_founder-personal_code", card.personal_code.code)
    page.fill("#id_founder-nominal", "100.00")
    page.get_by_role("button", name="Add founder").click()
    page.fill("#id_board-personal_code", card.personal_code.code)
    page.get_by_role("button", name="Add board member").click()
    page.get_by_role("button", name="Prepare the document for signatures").click()
    page.wait_for_selector("text=awaited")
    page.fill("#id_pin2", NEW_PIN2)
    page.get_by_role("button", name="Sign with my digital ID").click()
    page.wait_for_selector("text=You signed the founding document.")
    page.get_by_role("button", name="Pay the state fee").click()
    page.get_by_role("button", name="Pay €").click()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url("**/companies/found/*/")
    app = FoundingApplication.objects.get(name="Lõunatuul OÜ")
    assert app.state == "in_review", app.state
    page.get_by_role("button", name="Sign out").click()

    rita = personas["rita"]
    device = TOTPDevice.objects.create(user=rita, name="phone", confirmed=True)
    _sign_in(page, rita.email)
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url("**/accounts/home/")
    page.goto("/companies/registrar/")
    page.get_by_role("link", name="Lõunatuul OÜ").click()
    page.get_by_role("button", name="Claim").click()
    page.get_by_role("button", name="Register the company").click()
    page.wait_for_selector("text=The company is registered and its registry card sealed.")
    app.refresh_from_db()
    assert app.state == "registered"
