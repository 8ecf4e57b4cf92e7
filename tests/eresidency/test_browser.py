"""In a real browser: an applicant applies and pays through the local provider, is screened,
and an identity official signs in with a TOTP code and approves."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import mrz
from eresidency.constants import State
from eresidency.models import Application, PickupLocation
from tests.conftest import make_persona
from tests.eresidency.conftest import jpeg_bytes

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; tests/conftest.py reloads the migrations'
    # reference data (fees, refusal grounds) after every flushing test.
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "correct horse battery staple"


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_apply_pay_screen_and_approve_in_the_browser(browser_page, locations, sdn_list, local_payments, tmp_path):
    page = browser_page
    alice = make_persona("alice")
    ivan = make_persona("ivan")
    expiry = date.today() + timedelta(days=2000)
    zone = mrz.compose_td3(
        surname="Eriksson",
        given_names="Anna Maria",
        number="AB1234567",
        issuing="SE",
        nationality="SE",
        birth=date(1985, 8, 12),
        sex="F",
        expiry=expiry,
    )
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_bytes())

    sign_in(page, alice.email)
    page.goto("/eresidency/")
    page.get_by_role("button", name="Start my application").click()

    page.get_by_label("Given names").fill("Anna Maria")
    page.get_by_label("Surname").fill("Eriksson")
    page.get_by_label("Date of birth").fill("1985-08-12")
    page.get_by_label("Female").check()
    page.get_by_label("Citizenship").select_option("SE")
    page.get_by_label("Country of residence").select_option("SE")
    page.get_by_label("Phone").fill("+46 70 123 4567")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Passport").check()
    page.get_by_label("Document number").fill("AB1234567")
    page.get_by_label("Issuing country").select_option("SE")
    page.get_by_label("Valid until").fill(expiry.isoformat())
    page.get_by_label("Machine-readable zone").fill(zone)
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Photo").set_input_files(str(photo))
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Main reason for applying").select_option("location_independent")
    page.get_by_label("Your statement").fill(
        "I run a design studio with EU clients and will found an Estonian company."
    )
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Where will you collect your digital ID?").select_option(
        str(PickupLocation.objects.get(code="ee-tartu").pk)
    )
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label(re.compile("I confirm that the data")).check()
    page.get_by_label(re.compile("not refunded")).check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("heading", name="Check your answers and submit").wait_for()
    page.get_by_role("button", name="Submit and pay").click()
    page.get_by_role("button", name=re.compile(r"Pay €150")).click()

    app = Application.objects.get(applicant=alice)
    assert app.state == State.IN_REVIEW, app.state  # paid, screened by the immediate task backend
    page.goto(f"/eresidency/application/{app.code}/")
    page.get_by_text("An official is reviewing your application.").wait_for()
    sign_out(page)

    device = TOTPDevice.objects.create(user=ivan, name="phone", confirmed=True)
    sign_in(page, ivan.email)
    page.get_by_label(re.compile("Six-digit code")).fill(
        f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    page.goto("/eresidency/review/")
    page.get_by_role("link", name="Eriksson, Anna Maria").click()
    page.get_by_role("button", name="Claim this application").click()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("The application is approved.").wait_for()
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.decided_by == ivan
