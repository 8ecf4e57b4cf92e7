"""Issue 10 repairs in accounts: one identifier per account for the lock-out, the second
factor and a journal entry for password changes, a new session key after the second
factor, throttled resets, and a sign-up that does not reveal which addresses exist."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.models import JournalEntry
from tests.accounts.test_auth import PASSWORD, current_code, signup

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


class TestLockOut:
    def test_other_letter_case_counts_against_the_same_account(self, personas, settings):
        settings.AXES_FAILURE_LIMIT = 3
        for variant in ("alice@example.org", "ALICE@example.org", " Alice@Example.org "):
            login(Client(REMOTE_ADDR="10.0.0.1"), variant, "wrong password")
        # From another address, in yet another case, with the right password: still locked.
        response = login(Client(), "aLiCe@EXAMPLE.org", REMOTE_ADDR="10.0.0.2")
        assert response.status_code == 429
        assert "_auth_user_id" not in Client().session

    def test_one_client_address_cannot_spray_many_accounts(self, personas, settings):
        settings.AXES_FAILURE_LIMIT = 3
        for email in ("alice@example.org", "oscar@example.net", "ivan@identity.example.org"):
            login(Client(), email, "wrong password", REMOTE_ADDR="10.0.0.9")
        response = login(Client(), "rita@register.example.org", "wrong", REMOTE_ADDR="10.0.0.9")
        assert response.status_code == 429

    def test_own_success_does_not_clear_the_count_of_another_account(self, personas, settings):
        settings.AXES_FAILURE_LIMIT = 3
        for _ in range(2):
            login(Client(), "alice@example.org", "wrong password", REMOTE_ADDR="10.0.0.3")
        # The attacker signs in to an account of their own from the same address...
        assert login(Client(), "oscar@example.net", REMOTE_ADDR="10.0.0.4").status_code == 302
        # ...and alice's count stands: one more failure locks her account.
        login(Client(), "ALICE@example.org", "wrong password", REMOTE_ADDR="10.0.0.5")
        assert login(Client(), "alice@example.org", REMOTE_ADDR="10.0.0.6").status_code == 429

    def test_lock_out_page_says_minutes_and_what_lifts_it(self, personas, settings):
        settings.AXES_FAILURE_LIMIT = 1
        login(Client(), "alice@example.org", "wrong password")
        page = login(Client(), "alice@example.org").content.decode()
        assert "15 minutes" in page and "PT15M" not in page
        assert "lifts the pause" in page

    def test_password_reset_lifts_the_lock(self, personas, settings, django_capture_on_commit_callbacks):
        settings.AXES_FAILURE_LIMIT = 1
        login(Client(), "alice@example.org", "wrong password", REMOTE_ADDR="10.0.0.7")
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after commit
            client.post(reverse("accounts:password_reset"), {"email": "Alice@Example.org"})
        import re

        link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
        form_url = client.get(link, follow=True).redirect_chain[-1][0]
        client.post(
            form_url, {"new_password1": "a brand new passphrase 7", "new_password2": "a brand new passphrase 7"}
        )
        response = login(Client(), "alice@example.org", "a brand new passphrase 7", REMOTE_ADDR="10.0.0.8")
        assert response.status_code == 302
        assert JournalEntry.objects.filter(action="password_reset", subject_id=str(personas["alice"].code)).exists()


class TestOfficialsAccountPages:
    def test_password_change_needs_the_second_factor(self, client_for):
        client = client_for("ivan", second_factor=False)
        response = client.get(reverse("accounts:password_change"))
        assert response.status_code == 302 and reverse("accounts:2fa_setup") in response["Location"]
        posted = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "another fine phrase 9",
                "new_password2": "another fine phrase 9",
            },
        )
        assert posted.status_code == 302 and reverse("accounts:2fa_setup") in posted["Location"]
        assert User.objects.get(email="ivan@identity.example.org").check_password(PASSWORD)

    def test_password_change_is_journaled(self, client_for, personas):
        client = client_for("ivan")
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "another fine phrase 9",
                "new_password2": "another fine phrase 9",
            },
        )
        assert response.status_code == 302
        entry = JournalEntry.objects.get(action="password_change")
        assert entry.subject_id == str(personas["ivan"].code)


class TestSecondFactorSession:
    def test_session_key_changes_when_the_second_factor_is_passed(self, personas, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        device = TOTPDevice.objects.create(user=personas["ivan"], name="phone", confirmed=True)
        client = Client()
        login(client, "ivan@identity.example.org")
        before = client.session.session_key
        client.post(reverse("accounts:2fa_verify"), {"token": current_code(device)})
        assert client.session.session_key != before
        assert client.get(reverse("accounts:home")).status_code == 200

    def test_one_wrong_code_does_not_talk_of_waiting(self, personas):
        device = TOTPDevice.objects.create(user=personas["ivan"], name="phone", confirmed=True)
        client = Client()
        login(client, "ivan@identity.example.org")
        wrong = "000000" if current_code(device) != "000000" else "111111"
        page = client.post(reverse("accounts:2fa_verify"), {"token": wrong}).content.decode()
        assert "That code did not match" in page and "Wait 1 seconds" not in page


class TestResetAndSignup:
    def test_password_reset_is_throttled(self, personas):
        client = Client()
        for _ in range(20):
            response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
        assert len(mail.outbox) <= 3
        assert response.status_code in (302, 429)

    def test_many_addresses_from_one_client_get_a_429(self, personas, settings):
        settings.PASSWORD_RESET_REQUESTS_PER_CLIENT = 3
        client = Client()
        codes = [
            client.post(reverse("accounts:password_reset"), {"email": f"p{i}@example.org"}).status_code
            for i in range(5)
        ]
        assert codes[:3] == [302, 302, 302] and codes[-1] == 429

    def test_sign_up_answers_the_same_for_an_existing_address(self, personas, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            new = signup(Client(), email="nadia@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            old = signup(Client(), email="Alice@Example.org")
        assert new.status_code == old.status_code == 302
        assert new["Location"] == old["Location"]
        assert User.objects.filter(email__iexact="alice@example.org").count() == 1
        owner_note = [m for m in mail.outbox if m.to == ["alice@example.org"]]
        assert len(owner_note) == 1 and "already has an account" in owner_note[0].body
        page = Client().get(old["Location"])  # another visitor sees nothing either way
        assert page.status_code == 302


class TestBadInput:
    def test_nul_bytes_in_journal_filters_get_a_400(self, client_for):
        client = client_for("aud")
        for key in ("subject_type", "subject_id", "action", "actor"):
            response = client.get(reverse("accounts:journal"), {key: "x\x00y"})
            assert response.status_code == 400
        assert client.get(reverse("accounts:journal"), {"action": "register"}).status_code == 200

    def test_nul_bytes_in_a_posted_form_get_a_400(self, personas):
        from urllib.parse import urlencode

        body = urlencode({"username": "alice@example.org\x00", "password": PASSWORD})
        response = Client().post(LOGIN, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400


class TestLanguageSwitcher:
    @pytest.mark.parametrize(
        ("start", "language", "expected"),
        [
            ("/et/accounts/home/", "th", "/th/accounts/home/"),
            ("/th/accounts/home/?x=1", "et", "/et/accounts/home/?x=1"),
            ("/et/eresidency/", "en", "/eresidency/"),
            ("/accounts/home/", "et", "/et/accounts/home/"),
            ("/th/", "en", "/"),
        ],
    )
    def test_switching_works_from_every_language(self, personas, start, language, expected):
        anonymous, signed_in = Client(), Client()
        signed_in.force_login(personas["alice"])
        for client in (anonymous, signed_in):
            client.cookies["django_language"] = "et"
            response = client.post(reverse("set_language"), {"language": language, "next": start})
            assert response.status_code == 302 and response["Location"] == expected
            assert response.cookies["django_language"].value == language

    def test_off_site_next_is_ignored(self):
        response = Client().post(reverse("set_language"), {"language": "et", "next": "https://evil.example/"})
        assert response["Location"] == "/et/"
