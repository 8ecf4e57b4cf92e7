"""The public name check page and the founder's name reservations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import applicant_required
from companies import selectors, services
from companies.exceptions import CompaniesError
from companies.forms import NameCheckForm, ReservationForm
from companies.search import check_name
from companies.services.reservations import extension_deadline


def name_check(request: HttpRequest) -> HttpResponse:
    form = NameCheckForm(request.GET or None)
    verdict = None
    if form.is_bound and form.is_valid():
        holder = request.user if request.user.is_authenticated else None
        verdict = check_name(form.cleaned_data["name"], holder=holder)
    return render(request, "companies/name_check.html", {"form": form, "verdict": verdict})


@applicant_required
@require_http_methods(["GET", "POST"])
def reservations(request: HttpRequest) -> HttpResponse:
    form = ReservationForm(request.POST or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        try:
            reservation = services.name_reservation_create(
                holder=request.user, name=form.cleaned_data["name"], actor=request.user
            )
        except CompaniesError as error:
            form.add_error("name", error.message)
            verdict = error.verdict
        else:
            messages.success(
                request,
                _("“%(name)s” is reserved for you until %(date)s.")
                % {"name": reservation.name, "date": reservation.expires_on.strftime("%d.%m.%Y")},
            )
            return redirect("companies:reservations")
    mine = selectors.reservations_of(request.user)
    active = next((r for r in mine if r.state == "active"), None)
    return render(
        request,
        "companies/reservations.html",
        {
            "form": form,
            "verdict": verdict,
            "reservations": mine,
            "active": active,
            "extend_by": extension_deadline(active) if active else None,
        },
    )


@applicant_required
@require_POST
def reservation_extend(request: HttpRequest, code) -> HttpResponse:
    reservation = selectors.get_reservation_for_holder(request.user, code)
    try:
        reservation = services.name_reservation_extend(reservation=reservation, actor=request.user)
    except CompaniesError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The reservation now ends on %(date)s.") % {"date": reservation.expires_on.strftime("%d.%m.%Y")}
        )
    return redirect("companies:reservations")


@applicant_required
@require_POST
def reservation_cancel(request: HttpRequest, code) -> HttpResponse:
    reservation = selectors.get_reservation_for_holder(request.user, code)
    try:
        services.name_reservation_cancel(reservation=reservation, actor=request.user)
    except CompaniesError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The reservation is cancelled; the name is free again."))
    return redirect("companies:reservations")
