"""The whole journey in Chromium: approved application → card made → arrival at the pick-up
point → the official (password + TOTP) hands it over and downloads the PIN envelope → the
holder signs in with the card (personal code + PIN1) → changes PIN2 → signs a PDF →
downloads it, and the download validates."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from digital_id.constants import IdState
from digital_id.services import digital_id_order
from tests.digital_id.conftest import NEW_PIN2, PASSPORT, approved_application, codes_from_pdf, make_pdf
from tests.digital_id.test_signing import _root_asn1, validate_with_embedded_revinfo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _sign_in_official(page, user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto("/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url("**/accounts/home/")


def test_from_approval_to_a_signed_pdf(browser_page, pki, personas, office, tmp_path):
    page = browser_page
    card = digital_id_order(application=approved_application(personas["alice"], office), actor="test")
    card.refresh_from_db()  # made by the task that ran when the order committed
    assert card.state == IdState.MANUFACTURED, card.manufacture_error

    # The pick-up official registers the arrival and hands the card over.
    _sign_in_official(page, personas["pia"])
    page.goto(f"/id/desk/?q={card.document_number}")
    page.get_by_role("link", name=card.document_number).first.click()
    page.get_by_role("button", name="The card has arrived").click()
    page.wait_for_selector("text=Arrival registered")
    page.select_option("#id_document_type", PASSPORT["document_type"])
    page.fill("#id_document_number", PASSPORT["number"])
    page.select_option("#id_document_country", PASSPORT["country"])
    page.check("#id_fingerprints")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Hand over and download the PIN envelope").click()
    envelope = tmp_path / "envelope.pdf"
    download_info.value.save_as(envelope)
    codes = codes_from_pdf(envelope.read_bytes())
    page.get_by_role("button", name="Sign out").click()

    # The holder signs in with the card.
    page.goto("/id/login/")
    page.fill("#id_username", card.personal_code.code)
    page.fill("#id_password", codes.pin1)
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/accounts/home/")
    assert page.is_visible("text=Your digital ID is active.")

    # PIN2 first, then the signature.
    page.goto("/id/")
    page.get_by_role("link", name="Change a PIN").click()
    page.check("input[name=role][value=sign]")
    page.fill("#id_old_pin", codes.pin2)
    page.fill("#id_new_pin", NEW_PIN2)
    page.fill("#id_new_pin_again", NEW_PIN2)
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=PIN2 is changed.")
    page.get_by_role("link", name="Sign a document").click()
    unsigned = tmp_path / "contract.pdf"
    unsigned.write_bytes(make_pdf("contract"))
    page.set_input_files("#id_document", str(unsigned))
    page.fill("#id_pin2", NEW_PIN2)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Sign and download").click()
    download = download_info.value
    assert download.suggested_filename == "contract-signed.pdf"
    signed = tmp_path / "signed.pdf"
    download.save_as(signed)
    # pyHanko runs its own event loop; Playwright's sync API holds this thread's.
    roots = _root_asn1()  # read here: the worker thread must not open a database connection
    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(validate_with_embedded_revinfo, signed.read_bytes(), roots).result()[0]
    assert status.bottom_line, status.pretty_print_details()
    assert card.personal_code.code in status.signing_cert.subject.human_friendly
