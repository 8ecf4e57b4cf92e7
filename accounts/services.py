from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import events
from accounts.constants import Role
from accounts.emails import send_templated_email
from accounts.models import User
from audit.services import journal_record

_VERIFY_SALT = "accounts.verify-email"


class InvalidToken(Exception):
    pass


def email_verification_token(user: User) -> str:
    # The address is part of the token, so a link stops working if the address changes.
    return signing.TimestampSigner(salt=_VERIFY_SALT).sign_object({"u": str(user.code), "e": user.email})


def user_register(*, email: str, password: str, given_name: str, surname: str, language: str) -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            given_name=given_name,
            surname=surname,
            language=language,
            role=Role.APPLICANT,
        )
        journal_record(actor=user, action=events.REGISTERED, subject=user, to_state="unverified")
        transaction.on_commit(lambda: user_send_verification(user=user))
    return user


def user_signup(*, email: str, password: str, given_name: str, surname: str, language: str) -> User | None:
    """Create the account, or, when the address already has one, tell its owner by e-mail.
    The caller answers the same way in both cases. Returns the new user or ``None``."""
    from django.contrib.auth.hashers import make_password

    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        return user_register(email=email, password=password, given_name=given_name, surname=surname, language=language)
    make_password(password)  # about the same time as creating an account
    transaction.on_commit(lambda: _send_signup_exists(user=existing))
    return None


def _send_signup_exists(*, user: User) -> None:
    with translation.override(user.language):
        send_templated_email(
            "accounts/email/signup_exists",
            to=user.email,
            context={
                "user": user,
                "login_link": settings.SITE_URL + reverse("accounts:login"),
                "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
            },
        )


def password_changed(*, user: User, how: str) -> None:
    """Journal a password change (``how``: ``change`` signed in, ``reset`` by a mailed
    link). A reset by the mailbox's owner also lifts the sign-in lock on the account."""
    from accounts.throttling import failures_clear_for

    journal_record(actor=user, action="password_" + how, subject=user)
    if how == "reset":
        failures_clear_for(email=user.email)


def user_send_verification(*, user: User) -> None:
    link = settings.SITE_URL + reverse("accounts:verify_email", args=[email_verification_token(user)])
    with translation.override(user.language):
        send_templated_email(
            "accounts/email/verify",
            to=user.email,
            context={"user": user, "link": link, "hours": settings.EMAIL_VERIFICATION_MAX_AGE // 3600},
        )


def user_verify_email(*, token: str) -> User:
    try:
        value = signing.TimestampSigner(salt=_VERIFY_SALT).unsign_object(
            token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise InvalidToken(_("This link has expired. Sign in and ask for a new one.")) from None
    except signing.BadSignature:
        raise InvalidToken(_("This link is not valid. Check that you copied all of it.")) from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(code=value.get("u"), email=value.get("e")).first()
        if user is None:
            raise InvalidToken(_("This link is not valid. Check that you copied all of it."))
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            journal_record(
                actor=user, action=events.EMAIL_VERIFIED, subject=user, from_state="unverified", to_state="verified"
            )
    return user


def totp_device_start(*, user: User) -> TOTPDevice:
    """A fresh unconfirmed authenticator for enrolment; earlier unconfirmed ones are dropped."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        journal_record(actor=user, action=events.SECOND_FACTOR_ENROLLED, subject=user, data={"device": "totp"})
    return True
