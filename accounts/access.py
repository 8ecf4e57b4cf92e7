"""Access checks for views: who may open which page. Kept in one place and tested hard."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.constants import OFFICIAL_ROLES, Role


def has_confirmed_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def second_factor_redirect(request: HttpRequest) -> HttpResponse:
    """Send an official who has not passed 2FA in this session to enrol or to verify."""
    target = "accounts:2fa_verify" if has_confirmed_device(request.user) else "accounts:2fa_setup"
    return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))


def official_required(*roles: Role) -> Callable:
    """Allow only the given official roles (any official if none given), after 2FA."""
    allowed: Iterable[str] = roles or OFFICIAL_ROLES

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in allowed:
                raise PermissionDenied
            if not user.is_verified():
                return second_factor_redirect(request)
            return view(request, *args, **kwargs)

        wrapped.access_roles = frozenset(allowed)  # type: ignore[attr-defined]
        return wrapped

    return decorate


def applicant_required(view: Callable) -> Callable:
    """Allow applicants and e-residents whose e-mail address is verified."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.role != Role.APPLICANT:
            raise PermissionDenied
        if not user.email_verified:
            return redirect("accounts:verify_pending")
        return view(request, *args, **kwargs)

    wrapped.access_roles = frozenset({Role.APPLICANT})  # type: ignore[attr-defined]
    return wrapped


def login_required_any(view: Callable) -> Callable:
    """Any signed-in user; officials still need their second factor."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_official and not user.is_verified():
            return second_factor_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped
