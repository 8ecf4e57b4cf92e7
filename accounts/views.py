from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, throttling
from accounts.access import login_required_any
from accounts.forms import LoginForm, PasswordResetRequestForm, SignupForm, TokenForm
from accounts.home import render_panels


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if user.is_official:
            target = "accounts:2fa_verify" if user_has_device(user, confirmed=True) else "accounts:2fa_setup"
            return redirect(reverse(target) + "?next=" + self.get_success_url())
        return response


class LogoutView(auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignupForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The same answer whether or not the address has an account (no enumeration): the
        # new account's owner gets the confirmation link, an existing one a note by e-mail.
        services.user_signup(
            email=data["email"],
            password=data["password1"],
            given_name=data["given_name"],
            surname=data["surname"],
            language=data["language"],
        )
        request.session[SIGNUP_EMAIL_SESSION_KEY] = data["email"]
        return redirect("accounts:verify_pending")
    return render(request, "accounts/signup.html", {"form": form})


SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"


def verify_pending(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        email = request.session.get(SIGNUP_EMAIL_SESSION_KEY)
        if not email:
            return redirect("accounts:login")
        return render(request, "accounts/verify_pending.html", {"signup_email": email})
    if request.user.email_verified:
        return redirect("accounts:home")
    return render(request, "accounts/verify_pending.html", {"signup_email": ""})


@require_POST
def verify_resend(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not request.user.email_verified:
        services.user_send_verification(user=request.user)
        messages.success(request, _("We sent a new link to %(email)s.") % {"email": request.user.email})
    return redirect("accounts:verify_pending")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.user_verify_email(token=token)
    except services.InvalidToken as error:
        return render(request, "accounts/verify_failed.html", {"reason": str(error)}, status=400)
    messages.success(request, _("Your e-mail address is confirmed."))
    return redirect("accounts:home" if request.user.is_authenticated else "accounts:login")


@login_required_any
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request, "accounts/home.html", {"panels": render_panels(request), "role_label": user.get_role_display()}
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user_has_device(user, confirmed=True):
        return redirect(reverse("accounts:2fa_verify") + "?next=" + _safe_next(request, reverse("accounts:home")))
    form = TokenForm(request.POST or None)
    device_id = request.session.get("totp_enrolment_device")
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first() if device_id else None
    if device is None:
        device = services.totp_device_start(user=user)
        request.session["totp_enrolment_device"] = device.pk
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            device.refresh_from_db()
            _second_factor_passed(request, device)
            request.session.pop("totp_enrolment_device", None)
            messages.success(request, _("Two-factor sign-in is set up. Keep the app on your phone."))
            return redirect(_safe_next(request, reverse("accounts:home")))
        form.add_error(
            "token",
            _throttle_message([device])
            or _("That code did not match. Check the phone's clock and try the newest code."),
        )
    qr = segno.make(device.config_url, error="m")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/2fa_setup.html",
        {"form": form, "qr_svg": qr.svg_data_uri(scale=5), "secret": secret, "next": _safe_next(request, "")},
    )


def _second_factor_passed(request: HttpRequest, device: TOTPDevice) -> None:
    """A new session key once the second factor is passed: a key planted or read before
    (session fixation) does not carry the stronger sign-in."""
    request.session.cycle_key()
    otp_login(request, device)


# django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s…). A wait of a few
# seconds has passed before anyone can type a new code, so it is not worth mentioning.
THROTTLE_MENTION_SECONDS = 5


def _throttle_message(devices: list[TOTPDevice]) -> str:
    """After several wrong codes django-otp makes the next try wait; say how long."""
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            seconds = int((details["locked_until"] - timezone.now()).total_seconds()) + 1
            if seconds <= THROTTLE_MENTION_SECONDS:
                continue
            if seconds >= 120:
                minutes = (seconds + 59) // 60
                return ngettext(
                    "Too many wrong codes. Wait %(n)s minute, then enter the newest code.",
                    "Too many wrong codes. Wait %(n)s minutes, then enter the newest code.",
                    minutes,
                ) % {"n": minutes}
            return ngettext(
                "Too many wrong codes. Wait %(n)s second, then enter the newest code.",
                "Too many wrong codes. Wait %(n)s seconds, then enter the newest code.",
                seconds,
            ) % {"n": seconds}
    return ""


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        return redirect(reverse("accounts:2fa_setup") + "?next=" + _safe_next(request, reverse("accounts:home")))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                _second_factor_passed(request, device)
                return redirect(_safe_next(request, reverse("accounts:home")))
        form.add_error(
            "token", _throttle_message(devices) or _("That code did not match. Wait for the next code and try again.")
        )
    return render(request, "accounts/2fa_verify.html", {"form": form, "next": _safe_next(request, "")})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm  # normalised address; the message goes through the outbox
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict:
        # Read per request: SITE_URL may differ between the import and the request (tests).
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        client = self.request.META.get("REMOTE_ADDR", "")
        if not throttling.reset_client_allowed(client_address=client):
            form.add_error(None, _("Too many reset requests from this network address. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if throttling.reset_mail_allowed(email=form.cleaned_data["email"], client_address=client):
            return super().form_valid(form)
        # Over the limit for this address: answer as if sent, so the page reveals nothing.
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, how="reset")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def dispatch(self, request, *args, **kwargs):
        # Officials change account settings only after the second factor.
        return login_required_any(super().dispatch)(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, how="change")
        messages.success(self.request, _("Your password is changed."))
        return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the failure may be in a context processor.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch language and go back to the same page in it, from any language.

    Django's ``set_language`` translates ``next`` by resolving it in the request's
    language, which at /i18n/ is the cookie's, not the page's: from /et/ or /th/ the path
    did not resolve and the old prefix won. Here the prefix is replaced directly."""
    from django.utils.translation import check_for_language, get_language_from_path

    language = request.POST.get("language", "")
    target = _safe_next(request, "/")
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return redirect(target)
    path, _sep, query = target.partition("?")
    current = get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :] or "/"
    if language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    response = redirect(path + (f"?{query}" if query else ""))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
