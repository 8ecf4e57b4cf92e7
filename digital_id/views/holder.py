"""The holder's pages: My digital ID, booking, moving the card, PINs, signing, suspension,
revocation requests and renewal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import applicant_required
from digital_id import constants, selectors, services
from digital_id.constants import IdState
from digital_id.exceptions import DigitalIdError, PinProblem
from digital_id.forms import (
    BookingForm,
    ConfirmForm,
    LocationForm,
    PinChangeForm,
    PinUnblockForm,
    RenewalForm,
    RevocationRequestForm,
    SignForm,
)

CSS = "digital_id/digital_id.css"


def _own(request: HttpRequest, code):
    return selectors.get_digital_id_for_holder(request.user, code)


@applicant_required
def mine(request: HttpRequest) -> HttpResponse:
    cards = list(selectors.digital_ids_of(request.user))
    return render(
        request,
        "digital_id/mine.html",
        {
            "views": [selectors.card_view(card) for card in cards],
            "waiting_for_order": None if cards else selectors.approved_without_card(request.user),
            "renewals": selectors.renewals_of(request.user)[:5],
        },
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, code) -> HttpResponse:
    did = _own(request, code)
    if did.state != IdState.AT_PICKUP_POINT:
        messages.info(request, _("You can book a time once your card has arrived at the pick-up point."))
        return redirect("digital_id:mine")
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            if services.pickup_booking_cancel(digital_id=did, actor=request.user):
                messages.success(request, _("Your appointment is cancelled."))
            return redirect("digital_id:book", code=did.code)
        form = BookingForm(request.POST)
        slot = selectors.slot_by_code(form.data.get("slot")) if form.is_valid() else None
        if slot is None:
            messages.error(request, _("Choose a time from the list."))
            status = 400
        else:
            try:
                booking = services.pickup_slot_book(digital_id=did, slot=slot, actor=request.user)
            except DigitalIdError as error:
                messages.error(request, str(error))
                status = error.status
            else:
                messages.success(
                    request,
                    _("Booked: %(time)s at %(place)s.")
                    % {
                        "time": timezone.localtime(booking.slot.starts_at).strftime("%d.%m.%Y %H:%M"),
                        "place": did.pickup_location,
                    },
                )
                return redirect("digital_id:mine")
    return render(
        request,
        "digital_id/book.html",
        {"card": did, "slots": selectors.pickup_slots_for(did), "booking": selectors.active_booking(did)},
        status=status,
    )


def _change_fees(did) -> list[dict]:
    from eresidency.constants import PickupKind
    from payments.selectors import fee_amount

    rows = []
    for kind in (PickupKind.PPA_OFFICE, PickupKind.EMBASSY):
        code = constants.pickup_change_fee_code(did.pickup_location.kind, kind)
        try:
            amount = fee_amount(code)
        except Exception:  # a fee not in force must not break the page
            amount = None
        rows.append({"kind": PickupKind(kind).label, "amount": amount})
    return rows


@applicant_required
@require_http_methods(["GET", "POST"])
def change_location(request: HttpRequest, code) -> HttpResponse:
    did = _own(request, code)
    if did.state not in constants.MOVABLE_STATES:
        messages.info(request, _("The card can no longer be moved."))
        return redirect("digital_id:mine")
    form = LocationForm(request.POST or None, exclude_pk=did.pickup_location_id)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                url = services.pickup_change_start(
                    digital_id=did,
                    to_location=form.cleaned_data["location"],
                    actor=request.user,
                    return_url=reverse("digital_id:mine"),
                )
            except DigitalIdError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                return redirect(url)
        else:
            status = 400
    return render(
        request,
        "digital_id/change_location.html",
        {"card": did, "form": form, "fees": _change_fees(did)},
        status=status,
    )


def _pin_form_page(request: HttpRequest, code, *, form_class, default_role: str, template: str, act, done: str):
    """PIN change and PUK unblock share one shape: a form, one service call, and a message
    that says exactly what to do next when a code is wrong or blocked."""
    did = _own(request, code)
    form = form_class(request.POST or None, initial={"role": request.GET.get("role", default_role)})
    blocked = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                act(did, data)
            except PinProblem as error:
                form.add_error(None, str(error))
                blocked, status = error.blocked, 400
            except DigitalIdError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                label = "PIN1" if data["role"] == "auth" else "PIN2"
                messages.success(request, done % {"pin": label})
                return redirect("digital_id:mine")
        else:
            status = 400
    return render(
        request,
        template,
        {"card": did, "form": form, "blocked": blocked, "pins": selectors.pin_status(did)},
        status=status,
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def pin_change(request: HttpRequest, code) -> HttpResponse:
    return _pin_form_page(
        request,
        code,
        form_class=PinChangeForm,
        default_role="sign",
        template="digital_id/pin_change.html",
        act=lambda did, data: services.pin_change(
            digital_id=did, actor=request.user, role=data["role"], old_pin=data["old_pin"], new_pin=data["new_pin"]
        ),
        done=_("%(pin)s is changed."),
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def pin_unblock(request: HttpRequest, code) -> HttpResponse:
    return _pin_form_page(
        request,
        code,
        form_class=PinUnblockForm,
        default_role="auth",
        template="digital_id/pin_unblock.html",
        act=lambda did, data: services.pin_unblock(
            digital_id=did, actor=request.user, role=data["role"], puk=data["puk"], new_pin=data["new_pin"]
        ),
        done=_("%(pin)s is unblocked and set to the new code."),
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest) -> HttpResponse:
    did = selectors.active_digital_id(request.user)
    posted = request.method == "POST"
    # Bound on every POST, even an empty one (an empty POST left it unbound: a 500).
    form = SignForm(
        request.POST if posted else None, request.FILES if posted else None, max_bytes=constants.sign_max_bytes()
    )
    status = 200
    if posted:
        if did is None:
            form.is_valid()
            form.add_error(None, _("You have no active digital ID to sign with."))
            status = 409
        elif form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                signed = services.document_sign(
                    digital_id=did,
                    actor=request.user,
                    pdf_bytes=upload.read(),
                    pin2=form.cleaned_data["pin2"],
                    reason=form.cleaned_data["reason"],
                )
            except DigitalIdError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                stem = (upload.name or "document").rsplit(".", 1)[0][:80] or "document"
                safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)
                # Shown on the next page (the script opens the sign page again).
                messages.success(
                    request,
                    _("“%(name)s” is signed with your digital ID and saved as %(file)s.")
                    % {"name": upload.name or "document", "file": f"{safe}-signed.pdf"},
                )
                response = HttpResponse(signed, content_type="application/pdf")
                response["Content-Disposition"] = f'attachment; filename="{safe}-signed.pdf"'
                response["Cache-Control"] = "no-store"
                return response
        else:
            status = 400
    return render(
        request,
        "digital_id/sign.html",
        {"card": did, "form": form, "pins": selectors.pin_status(did) if did else {}},
        status=status,
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def suspend(request: HttpRequest, code) -> HttpResponse:
    did = _own(request, code)
    form = ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.digital_id_suspend(digital_id=did, actor=request.user, reason=form.cleaned_data["reason"])
            except DigitalIdError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                messages.success(
                    request, _("Your digital ID is suspended. Nobody can sign in or sign with it from now on.")
                )
                return redirect("digital_id:mine")
        else:
            status = 400
    return render(request, "digital_id/suspend.html", {"card": did, "form": form}, status=status)


@applicant_required
@require_http_methods(["GET", "POST"])
def revoke_request(request: HttpRequest, code) -> HttpResponse:
    did = _own(request, code)
    form = RevocationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.revocation_request_create(
                    digital_id=did,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                )
            except DigitalIdError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                messages.success(
                    request,
                    _("Your card is suspended now. An identity official revokes it; we e-mail you when it is done."),
                )
                return redirect("digital_id:mine")
        else:
            status = 400
    return render(request, "digital_id/revoke_request.html", {"card": did, "form": form}, status=status)


@applicant_required
@require_http_methods(["GET", "POST"])
def renew(request: HttpRequest, code) -> HttpResponse:
    from digital_id.services.renewal import renewal_blocker, renewal_kind_for

    did = _own(request, code)
    if blocker := renewal_blocker(did):
        messages.info(request, blocker)
        return redirect("digital_id:mine")
    initial = {
        "travel_document_type": did.travel_document_type,
        "travel_document_number": did.travel_document_number,
        "travel_document_country": did.travel_document_country,
        "travel_document_expiry": did.travel_document_expiry,
        "pickup_location": did.pickup_location_id if did.pickup_location.active else None,
    }
    form = RenewalForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                renewal = services.renewal_start(digital_id=did, actor=request.user, data=form.cleaned_data)
            except DigitalIdError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                return redirect("digital_id:renewal", code=renewal.code)
        else:
            status = 400
    from eresidency.selectors import state_fee

    return render(
        request,
        "digital_id/renew.html",
        {"card": did, "form": form, "kind": renewal_kind_for(did), "fee": state_fee()},
        status=status,
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def renewal(request: HttpRequest, code) -> HttpResponse:
    item = selectors.get_renewal_for_holder(request.user, code)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            services.renewal_withdraw(renewal=item, actor=request.user)
        except DigitalIdError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The renewal is withdrawn."))
        return redirect("digital_id:renewal", code=item.code)
    new_card = getattr(item, "new_digital_id", None) if item.state == constants.RenewalState.APPROVED else None
    return render(request, "digital_id/renewal.html", {"renewal": item, "new_card": new_card})


@applicant_required
@require_POST
def renewal_pay(request: HttpRequest, code) -> HttpResponse:
    item = selectors.get_renewal_for_holder(request.user, code)
    try:
        url = services.renewal_checkout(
            renewal=item, actor=request.user, return_url=reverse("digital_id:renewal", kwargs={"code": item.code})
        )
    except DigitalIdError as error:
        messages.error(request, str(error))
        return redirect("digital_id:renewal", code=item.code)
    except Exception as error:  # the payment service refused (fee not in force, provider down)
        messages.error(request, getattr(error, "message", None) or str(error))
        return redirect("digital_id:renewal", code=item.code)
    return redirect(url)
