from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.emails import OutboxPasswordResetForm
from accounts.models import User
from accounts.throttling import identifier_normalise


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong. Both are case-sensitive for the password."),
        "inactive": _("This account is closed."),
    }

    def clean_username(self) -> str:
        # One spelling per account for the password check and for the lock-out count.
        return identifier_normalise(self.cleaned_data.get("username"))


class PasswordResetRequestForm(OutboxPasswordResetForm):
    def clean_email(self) -> str:
        return identifier_normalise(self.cleaned_data.get("email"))


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    surname = forms.CharField(label=_("Surname"), max_length=100)
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=settings.LANGUAGES)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password; not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self) -> str:
        # Whether the address has an account is not said here (that would let anyone
        # test addresses); the owner of an existing account is told by e-mail instead.
        return identifier_normalise(self.cleaned_data["email"])

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(
                email=data.get("email", ""), given_name=data.get("given_name", ""), surname=data.get("surname", "")
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in the app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()
