"""Pages without a login: signing in with the digital ID, and the public validity check."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from digital_id import services
from digital_id.backends import DigitalIdBackend
from digital_id.constants import PublicAnswer
from digital_id.forms import IdLoginForm, PublicCheckForm

SESSION_CARD = "digital_id_card"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("accounts:home")


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = IdLoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            # Not through django-axes: the card's own PIN counter (three wrong PIN1s block
            # it until the PUK) is the lock-out, per card. Counting per personal code
            # across cards, and counting refusals of a suspended card, showed the holder
            # the general lock-out instead of "PIN1 blocked", and kept it after the PUK.
            user = DigitalIdBackend().authenticate(
                request, username=form.cleaned_data["username"], pin_secret=form.cleaned_data["password"]
            )
            if user is not None:
                login(request, user, backend="digital_id.backends.DigitalIdBackend")
                request.session[SESSION_CARD] = str(request.digital_id.code)
                return redirect(_next(request))
            form.add_error(
                None, getattr(request, "digital_id_refusal", "") or _("Sign-in with the digital ID failed. Try again.")
            )
            status = 403
        else:
            status = 400
    return render(request, "digital_id/login.html", {"form": form, "next": _next(request)}, status=status)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    form = PublicCheckForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        answer = services.digital_id_public_check(
            document_number=form.cleaned_data["document_number"], personal_code=form.cleaned_data["personal_code"]
        )
    return render(
        request,
        "digital_id/check.html",
        {"form": form, "answer": answer, "answer_label": PublicAnswer(answer).label if answer else ""},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
