"""In real Chromium: the home page opens, personas sign in and see their role's home."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_home_page_and_applicant_sign_in(browser_page, personas):
    page = browser_page
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Become an e-resident")
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    sign_in(page, "alice@example.org")
    page.wait_for_url("**/accounts/home/")
    assert "Applicant / e-resident" in page.inner_text("main")


def test_official_signs_in_with_second_factor(browser_page, personas):
    device = TOTPDevice.objects.create(user=personas["ivan"], name="phone", confirmed=True)
    page = browser_page
    sign_in(page, "ivan@identity.example.org")
    page.wait_for_url("**/accounts/two-factor/**")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Six-digit code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/accounts/home/")
    assert "Identity official" in page.inner_text("main")
