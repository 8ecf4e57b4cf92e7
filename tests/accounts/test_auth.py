import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import email_verification_token
from audit.models import JournalEntry

PASSWORD = "correct horse battery staple"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signup(client, **overrides):
    data = {
        "email": "nadia@example.com",
        "given_name": "Nadia",
        "surname": "Newcomer",
        "language": "et",
        "password1": "a sturdy passphrase 42",
        "password2": "a sturdy passphrase 42",
        **overrides,
    }
    return client.post(reverse("accounts:signup"), data)


@pytest.mark.django_db
class TestSignupAndVerification:
    def test_signup_creates_unverified_applicant_and_mails_a_link(self, django_capture_on_commit_callbacks):
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = signup(client)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:verify_pending")
        user = User.objects.get(email="nadia@example.com")
        assert user.role == "applicant" and not user.email_verified and user.language == "et"
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["nadia@example.com"]
        assert message.alternatives and message.alternatives[0][1] == "text/html"
        link = re.search(r"http://testserver(/\S+)", message.body).group(1)
        response = client.get(link)
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.email_verified
        assert JournalEntry.objects.filter(action="verify_email", subject_id=str(user.code)).count() == 1

    def test_weak_password_is_explained_and_the_address_is_not_judged(self, personas):
        response = signup(Client(), email="ALICE@example.org", password1="12345678", password2="12345678")
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "password1" in errors and "email" not in errors
        assert User.objects.filter(email__iexact="alice@example.org").count() == 1

    def test_mismatched_passwords_save_nothing(self):
        response = signup(Client(), password2="something else entirely")
        assert response.status_code == 200 and "password2" in response.context["form"].errors
        assert not User.objects.filter(email="nadia@example.com").exists()

    def test_tampered_and_expired_links_are_refused(self, personas, settings):
        alice = personas["alice"]
        alice.email_verified_at = None
        alice.save()
        token = email_verification_token(alice)
        response = Client().get(reverse("accounts:verify_email", args=[token[:-2] + "xx"]))
        assert response.status_code == 400 and b"not valid" in response.content
        settings.EMAIL_VERIFICATION_MAX_AGE = -1
        response = Client().get(reverse("accounts:verify_email", args=[token]))
        assert response.status_code == 400 and b"expired" in response.content
        alice.refresh_from_db()
        assert not alice.email_verified

    def test_link_stops_working_when_the_address_changes(self, personas):
        alice = personas["alice"]
        alice.email_verified_at = None
        alice.save()
        token = email_verification_token(alice)
        alice.email = "alice.new@example.org"
        alice.save()
        assert Client().get(reverse("accounts:verify_email", args=[token])).status_code == 400

    def test_unverified_user_is_sent_to_verification_page(self, personas):
        alice = personas["alice"]
        alice.email_verified_at = None
        alice.save()
        client = Client()
        client.force_login(alice)
        response = client.get(reverse("accounts:verify_pending"))
        assert response.status_code == 200 and alice.email.encode() in response.content

    def test_token_is_signed_with_the_address(self, personas):
        value = signing.TimestampSigner(salt="accounts.verify-email").unsign_object(
            email_verification_token(personas["alice"])
        )
        assert value == {"u": str(personas["alice"].code), "e": "alice@example.org"}


@pytest.mark.django_db
class TestLoginAndSecondFactor:
    def login(self, client, email, password=PASSWORD):
        return client.post(reverse("accounts:login"), {"username": email, "password": password})

    def test_applicant_signs_in_to_home(self, personas):
        client = Client()
        response = self.login(client, "alice@example.org")
        assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
        assert client.get(reverse("accounts:home")).status_code == 200

    def test_official_without_device_must_enrol_with_a_qr_code(self, personas, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        client = Client()
        response = self.login(client, "ivan@identity.example.org")
        assert response.status_code == 302 and reverse("accounts:2fa_setup") in response["Location"]
        # No official page opens before the second factor.
        home = client.get(reverse("accounts:home"))
        assert home.status_code == 302 and reverse("accounts:2fa_setup") in home["Location"]
        page = client.get(reverse("accounts:2fa_setup"))
        assert page.status_code == 200
        assert b"data:image/svg+xml" in page.content
        device = TOTPDevice.objects.get(user=personas["ivan"], confirmed=False)
        wrong = client.post(
            reverse("accounts:2fa_setup"), {"token": "000000" if current_code(device) != "000000" else "111111"}
        )
        assert wrong.status_code == 200 and "token" in wrong.context["form"].errors
        ok = client.post(reverse("accounts:2fa_setup"), {"token": current_code(device)})
        assert ok.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("accounts:home")).status_code == 200
        assert JournalEntry.objects.filter(action="enrol_second_factor").count() == 1

    def test_official_with_device_verifies_each_sign_in(self, personas, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        device = TOTPDevice.objects.create(user=personas["ivan"], name="phone", confirmed=True)
        client = Client()
        response = self.login(client, "ivan@identity.example.org")
        assert reverse("accounts:2fa_verify") in response["Location"]
        assert client.get(reverse("accounts:home")).status_code == 302
        bad = client.post(reverse("accounts:2fa_verify"), {"token": "abc"})
        assert bad.status_code == 200 and bad.context["form"].errors
        good = client.post(reverse("accounts:2fa_verify"), {"token": current_code(device), "next": "/accounts/home/"})
        assert good.status_code == 302 and good["Location"] == "/accounts/home/"
        assert client.get(reverse("accounts:home")).status_code == 200

    def test_next_parameter_cannot_redirect_off_site(self, personas):
        device = TOTPDevice.objects.create(user=personas["ivan"], name="phone", confirmed=True)
        client = Client()
        self.login(client, "ivan@identity.example.org")
        response = client.post(
            reverse("accounts:2fa_verify"), {"token": current_code(device), "next": "https://evil.example/"}
        )
        assert response["Location"] == reverse("accounts:home")

    def test_admin_site_needs_the_second_factor(self, personas):
        client = Client()
        client.force_login(personas["ada"])
        personas["ada"].is_staff = True
        personas["ada"].save()
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_repeated_failures_lock_out_with_a_clear_message(self, personas, settings):
        settings.AXES_FAILURE_LIMIT = 3
        client = Client()
        for _ in range(3):
            response = self.login(client, "alice@example.org", "wrong password")
        response = self.login(client, "alice@example.org", PASSWORD)
        assert response.status_code == 429
        assert b"Too many failed sign-in attempts" in response.content

    def test_wrong_password_message_does_not_reveal_which_part_is_wrong(self, personas):
        response = self.login(Client(), "alice@example.org", "nope")
        assert response.status_code == 200
        assert b"e-mail address or the password is wrong" in response.content

    def test_logout_is_post_only_and_ends_the_session(self, personas):
        client = Client()
        client.force_login(personas["alice"])
        assert client.get(reverse("accounts:logout")).status_code == 405
        client.post(reverse("accounts:logout"))
        assert client.get(reverse("accounts:home")).status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(personas, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after commit
        client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200 and response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "a brand new passphrase 7", "new_password2": "a brand new passphrase 7"}
    )
    assert done.status_code == 302
    login = Client().post(
        reverse("accounts:login"), {"username": "alice@example.org", "password": "a brand new passphrase 7"}
    )
    assert login.status_code == 302 and login["Location"] == reverse("accounts:home")


@pytest.mark.django_db
def test_password_reset_for_unknown_address_reveals_nothing():
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 0
