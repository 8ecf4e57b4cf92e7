"""Identity officials' pages: the work queue, what needs attention, one application, decisions.

Auditors see everything here but cannot act; every opening of an application is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import official_required
from accounts.constants import Role
from eresidency import selectors, services
from eresidency.constants import ACCESS_PURPOSE, StageName, State
from eresidency.exceptions import ApplicationError
from eresidency.forms import ApproveForm, QueueFilterForm, RefuseForm, RequestInfoForm, TakeOverForm
from eresidency.models import ScreeningStage
from exchange.services import log_access

READERS = (Role.IDENTITY_OFFICIAL, Role.AUDITOR)


@official_required(*READERS)
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters(**form.cleaned_data) if form.is_valid() else selectors.QueueFilters()
    page = Paginator(selectors.review_queue(filters=filters, user=request.user), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "eresidency/review/queue.html",
        {
            "form": form,
            "rows": selectors.queue_rows(page.object_list),
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.queue_counts(),
        },
    )


@official_required(*READERS)
def attention(request: HttpRequest) -> HttpResponse:
    return render(request, "eresidency/review/attention.html", {"items": selectors.needs_attention()})


@official_required(*READERS)
def detail(request: HttpRequest, code) -> HttpResponse:
    return _render_detail(request, selectors.get_application_for_user(request.user, code))


def _render_detail(request: HttpRequest, application, *, status: int = 200, **forms) -> HttpResponse:
    """The application page; a decision form that did not validate is shown again with
    its errors and what was typed (``approve_form=``, ``refuse_form=``, ``info_form=``)."""
    log_access(
        reader=request.user,
        person=application.applicant,
        what="e-Residency application: personal data, travel document, photo, screening",
        purpose=ACCESS_PURPOSE,
        record=application,
    )
    stages = selectors.stages_of(application)
    sanctions = next((s for s in stages if s.name == StageName.SANCTIONS), None)
    can_act = request.user.role == Role.IDENTITY_OFFICIAL and application.applicant_id != request.user.pk
    approvals = list(application.approvals.select_related("official").order_by("at"))
    valid_approvals = [a for a in approvals if a.valid]
    return render(
        request,
        "eresidency/review/detail.html",
        {
            "application": application,
            "stages": stages,
            "hits": (sanctions.result.get("hits", []) if sanctions else []),
            "sanctions": sanctions,
            "hit_partial": selectors.hit_partial(),
            "hit_applicant": {
                "given_names": application.given_names,
                "surname": application.surname,
                "date_of_birth": application.date_of_birth,
                "nationality": application.citizenship,  # ISO code; the partial names it
            },
            "timeline": selectors.timeline_for(application, official=True),
            "info_requests": application.info_requests.prefetch_related("files").select_related("requested_by"),
            "approvals": approvals,
            "valid_approvals": valid_approvals,
            "approved_by_me": any(a.official_id == request.user.pk for a in valid_approvals),
            "days_left": selectors.days_left(application),
            "can_act": can_act,
            "own": application.applicant_id == request.user.pk,
            "mine": application.claimed_by_id == request.user.pk,
            "decidable": application.state in {State.IN_REVIEW, State.INFO_REQUESTED},
            "approve_form": forms.get("approve_form") or ApproveForm(),
            "refuse_form": forms.get("refuse_form") or RefuseForm(),
            "info_form": forms.get("info_form") or RequestInfoForm(),
            "takeover_form": TakeOverForm(),
        },
        status=status,
    )


def _invalid(request: HttpRequest, code, **forms) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, code, write=True)
    messages.error(request, _("Nothing was recorded: correct the form below."))
    return _render_detail(request, application, status=400, **forms)


def _act(request: HttpRequest, code, action) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, code, write=True)
    try:
        message = action(application)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        if message:
            messages.success(request, message)
    return redirect("eresidency:review_detail", code=application.code)


@official_required(Role.IDENTITY_OFFICIAL)
@require_POST
def claim(request: HttpRequest, code) -> HttpResponse:
    def action(app):
        services.application_claim(application=app, actor=request.user)
        return _("You claimed this application.")

    return _act(request, code, action)


@official_required(Role.IDENTITY_OFFICIAL)
@require_POST
def take_over(request: HttpRequest, code) -> HttpResponse:
    """Take over a claim another official holds (away, ill): with a reason, journaled."""
    form = TakeOverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you take over the application."))
        return redirect("eresidency:review_detail", code=code)

    def action(app):
        services.application_claim(
            application=app, actor=request.user, take_over=True, reason=form.cleaned_data["reason"]
        )
        return _("You took over this application.")

    return _act(request, code, action)


@official_required(Role.IDENTITY_OFFICIAL)
@require_POST
def release(request: HttpRequest, code) -> HttpResponse:
    def action(app):
        services.application_release(application=app, actor=request.user)
        return _("You released this application.")

    return _act(request, code, action)


@official_required(Role.IDENTITY_OFFICIAL)
@require_POST
def approve(request: HttpRequest, code) -> HttpResponse:
    form = ApproveForm(request.POST)
    if not form.is_valid():  # an over-long note is an error, never silently dropped
        return _invalid(request, code, approve_form=form)

    def action(app):
        note = form.cleaned_data["note"]
        outcome = services.application_approve(application=app, actor=request.user, note=note)
        if outcome == "first_approval":
            return _("Your approval is recorded. The application is flagged, so a second official must confirm it.")
        return _("The application is approved. The decision letter is being prepared.")

    return _act(request, code, action)


@official_required(Role.IDENTITY_OFFICIAL)
@require_POST
def refuse(request: HttpRequest, code) -> HttpResponse:
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, code, refuse_form=form)

    def action(app):
        services.application_refuse(
            application=app, actor=request.user, ground=form.cleaned_data["ground"], reason=form.cleaned_data["reason"]
        )
        return _("The application is refused. The decision letter is being prepared.")

    return _act(request, code, action)


@official_required(Role.IDENTITY_OFFICIAL)
@require_POST
def request_info(request: HttpRequest, code) -> HttpResponse:
    form = RequestInfoForm(request.POST)
    if not form.is_valid():
        return _invalid(request, code, info_form=form)

    def action(app):
        services.application_request_info(
            application=app,
            actor=request.user,
            message=form.cleaned_data["message"],
            deadline=form.cleaned_data["deadline"],
        )
        return _("The request was sent to the applicant. The decision term is paused until they answer.")

    return _act(request, code, action)


@official_required(Role.IDENTITY_OFFICIAL)
@require_POST
def retry_stage(request: HttpRequest, code, stage: str) -> HttpResponse:
    def action(app):
        row = ScreeningStage.objects.filter(application=app, name=stage).first()
        if row is None:
            raise ApplicationError(_("There is no such stage."))
        services.screening_stage_retry(stage=row, actor=request.user)
        return _("The stage was restarted.")

    return _act(request, code, action)
