"""The officials' pages: the pick-up desk (arrival, hand-over, resumption) and the identity
board's register (revocation, revocation requests, renewals). Every view of a holder's
data writes an access-log row."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import official_required
from accounts.constants import Role
from audit.selectors import journal_for
from digital_id import constants, selectors, services
from digital_id.constants import IdState
from digital_id.dates import tallinn_date
from digital_id.exceptions import DigitalIdError
from digital_id.forms import (
    DeskSearchForm,
    HandOverForm,
    OfficialSuspendForm,
    RenewalDecisionForm,
    ResumeForm,
    RevokeForm,
)
from digital_id.models import DigitalId
from exchange.services import log_access

MAX_RESULTS = 20


def _log(request: HttpRequest, did: DigitalId, *, what: str, purpose: str) -> None:
    log_access(reader=request.user, person=did.holder, what=what, purpose=purpose, record=did)


def _search(request: HttpRequest, purpose: str) -> tuple[DeskSearchForm, list[DigitalId] | None]:
    form = DeskSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(selectors.desk_search(form.cleaned_data["q"])[:MAX_RESULTS])
        for did in results:
            _log(request, did, what="digital ID search result (name, document number)", purpose=purpose)
    return form, results


# --- Pick-up desk -------------------------------------------------------------------------


@official_required(Role.PICKUP_OFFICIAL)
def desk(request: HttpRequest) -> HttpResponse:
    form, results = _search(request, constants.ACCESS_PICKUP)
    return render(request, "digital_id/desk.html", {"form": form, "results": results, "queue": selectors.desk_queue()})


def _desk_page(request: HttpRequest, did: DigitalId, *, hand_over_form=None, resume_form=None, status=200):
    _log(request, did, what="digital ID, personal data and travel document", purpose=constants.ACCESS_PICKUP)
    return render(
        request,
        "digital_id/desk_detail.html",
        {
            "card": did,
            "hand_over_form": hand_over_form or HandOverForm(),
            "resume_form": resume_form or ResumeForm(),
            "booking": selectors.active_booking(did),
            "request_open": selectors.open_revocation_request(did),
            "document_expired": bool(did.travel_document_expiry and did.travel_document_expiry < tallinn_date()),
        },
        status=status,
    )


@official_required(Role.PICKUP_OFFICIAL)
def desk_detail(request: HttpRequest, code) -> HttpResponse:
    did = selectors.get_digital_id_for_official(request.user, code, roles=selectors.DESK_ROLES)
    return _desk_page(request, did)


@require_POST
@official_required(Role.PICKUP_OFFICIAL)
def desk_arrived(request: HttpRequest, code) -> HttpResponse:
    did = selectors.get_digital_id_for_official(request.user, code, roles=selectors.DESK_ROLES)
    try:
        services.digital_id_register_arrival(digital_id=did, actor=request.user)
    except DigitalIdError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Arrival registered. The holder is told by e-mail and can book a time."))
    return redirect("digital_id:desk_detail", code=did.code)


@never_cache
@require_POST
@official_required(Role.PICKUP_OFFICIAL)
def desk_hand_over(request: HttpRequest, code) -> HttpResponse:
    """Hand over the card; the response is the PIN envelope PDF, produced this once."""
    did = selectors.get_digital_id_for_official(request.user, code, roles=selectors.DESK_ROLES)
    form = HandOverForm(request.POST)
    if not form.is_valid():
        return _desk_page(request, did, hand_over_form=form, status=400)
    try:
        result = services.digital_id_hand_over(
            digital_id=did,
            actor=request.user,
            presented=form.presented(),
            fingerprints_taken=form.cleaned_data["fingerprints"],
        )
    except DigitalIdError as error:
        form.add_error(None, str(error))
        did.refresh_from_db()
        return _desk_page(request, did, hand_over_form=form, status=error.status)
    messages.success(
        request,
        _(
            "Handed over. Print the PIN envelope that downloaded and give it to the holder now: it cannot be produced again."
        ),
    )
    response = HttpResponse(result.envelope_pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pin-envelope-{did.document_number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@official_required(Role.PICKUP_OFFICIAL)
def desk_resume(request: HttpRequest, code) -> HttpResponse:
    did = selectors.get_digital_id_for_official(request.user, code, roles=selectors.DESK_ROLES)
    form = ResumeForm(request.POST)
    if not form.is_valid():
        return _desk_page(request, did, resume_form=form, status=400)
    try:
        services.digital_id_resume(
            digital_id=did, actor=request.user, presented=form.presented(), reason=form.cleaned_data["reason"]
        )
    except DigitalIdError as error:
        form.add_error(None, str(error))
        return _desk_page(request, did, resume_form=form, status=error.status)
    messages.success(request, _("The digital ID is active again."))
    return redirect("digital_id:desk_detail", code=did.code)


# --- The identity board's register ------------------------------------------------------------


@official_required(Role.IDENTITY_OFFICIAL, Role.AUDITOR)
def registry(request: HttpRequest) -> HttpResponse:
    form, results = _search(request, constants.ACCESS_REGISTRY)
    return render(
        request,
        "digital_id/registry.html",
        {"form": form, "results": results, "queue": selectors.registry_queue()},
    )


def _registry_page(request: HttpRequest, did: DigitalId, *, form=None, suspend_form=None, status=200):
    _log(request, did, what="digital ID, personal data and certificates", purpose=constants.ACCESS_REGISTRY)
    return render(
        request,
        "digital_id/registry_detail.html",
        {
            "card": did,
            "suspend_form": suspend_form or OfficialSuspendForm(),
            "form": form or RevokeForm(),
            "can_act": request.user.role == Role.IDENTITY_OFFICIAL and did.state not in constants.FINAL_STATES,
            "request_open": selectors.open_revocation_request(did),
            "journal": journal_for(did),
            "IdState": IdState,
        },
        status=status,
    )


@official_required(Role.IDENTITY_OFFICIAL, Role.AUDITOR)
def registry_detail(request: HttpRequest, code) -> HttpResponse:
    did = selectors.get_digital_id_for_official(request.user, code, roles=selectors.REGISTRY_ROLES)
    initial = {}
    if (req := selectors.open_revocation_request(did)) is not None:
        initial = {"reason_code": req.reason, "reason": req.details}
    return _registry_page(request, did, form=RevokeForm(initial=initial))


@require_POST
@official_required(Role.IDENTITY_OFFICIAL)
def registry_revoke(request: HttpRequest, code) -> HttpResponse:
    did = selectors.get_digital_id_for_official(request.user, code, roles=selectors.REGISTRY_ROLES)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _registry_page(request, did, form=form, status=400)
    try:
        services.digital_id_revoke(
            digital_id=did,
            actor=request.user,
            reason_code=form.cleaned_data["reason_code"],
            reason=form.cleaned_data["reason"],
        )
    except DigitalIdError as error:
        form.add_error(None, str(error))
        return _registry_page(request, did, form=form, status=error.status)
    messages.success(request, _("The digital ID and its certificates are revoked."))
    return redirect("digital_id:registry_detail", code=did.code)


@require_POST
@official_required(Role.IDENTITY_OFFICIAL)
def registry_suspend(request: HttpRequest, code) -> HttpResponse:
    """Suspend at once for a holder who called the help line (lost or stolen card), after
    the identity questions; journaled with the official and the reason."""
    did = selectors.get_digital_id_for_official(request.user, code, roles=selectors.REGISTRY_ROLES)
    form = OfficialSuspendForm(request.POST)
    if not form.is_valid():
        return _registry_page(request, did, suspend_form=form, status=400)
    try:
        services.digital_id_suspend(
            digital_id=did, actor=request.user, reason=_("Help line: %(what)s") % {"what": form.cleaned_data["reason"]}
        )
    except DigitalIdError as error:
        form.add_error(None, str(error))
        return _registry_page(request, did, suspend_form=form, status=error.status)
    messages.success(request, _("The digital ID is suspended. The holder is told by e-mail."))
    return redirect("digital_id:registry_detail", code=did.code)


@official_required(Role.PICKUP_OFFICIAL, Role.IDENTITY_OFFICIAL, Role.AUDITOR)
def holder_photo(request: HttpRequest, code) -> HttpResponse:
    """The holder's photo from the application, for the identity check at the desk (and
    for the register). Access-logged; served with the uploads' sandboxing policy."""
    from django.http import FileResponse, Http404

    did = selectors.get_digital_id_for_official(
        request.user, code, roles=selectors.DESK_ROLES | selectors.REGISTRY_ROLES
    )
    photo = did.application.photo if did.application_id else None
    if not photo:
        raise Http404
    try:
        handle = photo.open("rb")
    except FileNotFoundError:
        raise Http404
    _log(
        request,
        did,
        what="digital ID holder's photo",
        purpose=constants.ACCESS_PICKUP if request.user.role == Role.PICKUP_OFFICIAL else constants.ACCESS_REGISTRY,
    )
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@official_required(Role.IDENTITY_OFFICIAL, Role.AUDITOR)
@require_http_methods(["GET", "POST"])
def renewal_review(request: HttpRequest, code) -> HttpResponse:
    item = selectors.get_renewal_for_official(request.user, code)
    form = RenewalDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if request.user.role != Role.IDENTITY_OFFICIAL:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.renewal_decide(
                    renewal=item,
                    actor=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    reason=form.cleaned_data["reason"],
                )
            except DigitalIdError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("digital_id:registry")
        else:
            status = 400
    log_access(
        reader=request.user,
        person=item.holder,
        what="digital ID renewal and screening result",
        purpose=constants.ACCESS_REGISTRY,
        record=item,
    )
    return render(
        request,
        "digital_id/renewal_review.html",
        {
            "renewal": item,
            "form": form,
            "can_act": request.user.role == Role.IDENTITY_OFFICIAL and item.state == constants.RenewalState.IN_REVIEW,
            "journal": journal_for(item),
        },
        status=status,
    )
