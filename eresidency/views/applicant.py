"""The applicant's pages: start, the step-by-step form, review, payment, status, answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import applicant_required
from eresidency import selectors, services
from eresidency.constants import CLOSED_STATES, PickupKind, State, Step
from eresidency.exceptions import ApplicationError, OpenApplicationExists, WrongState
from eresidency.forms import (
    FORMS_NEEDING_APPLICATION,
    STEP_FORMS,
    InfoAnswerForm,
    WithdrawForm,
    initial_for,
)
from eresidency.models import Application


def _own(request: HttpRequest, code) -> Application:
    return selectors.get_application_for_user(request.user, code, write=True)


@applicant_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    existing = selectors.open_application_for(request.user)
    if request.method == "POST":
        try:
            application = services.application_start(applicant=request.user, actor=request.user)
        except OpenApplicationExists as error:
            messages.info(request, str(error))
            return redirect("eresidency:status", code=error.application.code)
        return redirect("eresidency:step", code=application.code, step=Step.PERSONAL)
    return render(
        request,
        "eresidency/start.html",
        {
            "existing": existing,
            "past": selectors.applications_of(request.user).filter(state__in=CLOSED_STATES),
            "fee": selectors.state_fee(),
            "restrictions": selectors.restrictions_in_force(),
        },
    )


def _step_nav(application: Application, current: str) -> list[dict]:
    return [
        {
            "slug": step,
            "label": Step(step).label,
            "done": step in application.completed_steps,
            "current": step == current,
        }
        for step in selectors.steps_for(application)
    ]


@applicant_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, code, step: str) -> HttpResponse:
    application = _own(request, code)
    if application.state != State.DRAFT:
        messages.info(request, _("The application was submitted; it can no longer be changed."))
        return redirect("eresidency:status", code=application.code)
    steps = selectors.steps_for(application)
    if step not in steps:
        raise Http404
    form_class = STEP_FORMS[step]
    kwargs = {"application": application} if step in FORMS_NEEDING_APPLICATION else {}
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                application = services.application_save_step(
                    application=application, step=step, data=form.cleaned_data, actor=request.user
                )
            except ApplicationError as error:
                messages.error(request, str(error))
                return redirect("eresidency:status", code=application.code)
            if step == Step.PERSONAL and application.restriction_id:
                messages.warning(
                    request,
                    services.restriction_message(application)
                    or _("Your citizenship is restricted; you can apply because you claim a legal exception."),
                )
            if request.POST.get("action") == "save_exit":
                messages.success(request, _("Saved. You can continue at any time from your home page."))
                return redirect("eresidency:status", code=application.code)
            steps = selectors.steps_for(application)
            later = steps[steps.index(step) + 1 :] if step in steps else []
            next_step = next((s for s in later if s not in application.completed_steps), None) or next(
                (s for s in later), None
            )
            if next_step and selectors.first_incomplete_step(application):
                return redirect("eresidency:step", code=application.code, step=next_step)
            return redirect("eresidency:review", code=application.code)
    else:
        form = form_class(initial=initial_for(step, application), **kwargs)
    index = steps.index(step)
    return render(
        request,
        "eresidency/step.html",
        {
            "application": application,
            "form": form,
            "step": step,
            "step_label": Step(step).label,
            "nav": _step_nav(application, step),
            "number": index + 1,
            "total": len(steps) + 1,  # the tabs end with "Check and submit"
            "previous": steps[index - 1] if index > 0 else None,
            "restriction": application.restriction if step == Step.ELIGIBILITY else None,
            "pickup_kinds": PickupKind,
            "multipart": step in {Step.ELIGIBILITY, Step.PHOTO, Step.MOTIVATION},
        },
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, code) -> HttpResponse:
    application = _own(request, code)
    if request.method == "POST":
        try:
            services.application_submit(application=application, actor=request.user)
        except WrongState:
            messages.info(request, _("This application was already submitted."))
            return redirect("eresidency:status", code=application.code)
        except ApplicationError as error:
            messages.error(request, str(error))
            return redirect("eresidency:review", code=application.code)
        messages.success(request, _("Your application is submitted. Pay the state fee to start processing."))
        return _checkout(request, application)
    if application.state != State.DRAFT:
        return redirect("eresidency:status", code=application.code)
    return render(
        request,
        "eresidency/review.html",
        {
            "application": application,
            "problems": services.application_problems(application),
            "restriction_message": services.restriction_message(application),
            "fee": selectors.state_fee(variant=services.fee_variant_for(application)),
            "nav": _step_nav(application, ""),
        },
    )


def _checkout(request: HttpRequest, application: Application) -> HttpResponse:
    status_url = reverse("eresidency:payment_return", kwargs={"code": application.code})
    try:
        url = services.application_checkout(
            application=application,
            actor=request.user,
            return_url=status_url,
            cancel_url=status_url + "?cancelled=1",
        )
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("eresidency:status", code=application.code)
    return redirect(url)


@applicant_required
@require_POST
def pay(request: HttpRequest, code) -> HttpResponse:
    return _checkout(request, _own(request, code))


@applicant_required
def payment_return(request: HttpRequest, code) -> HttpResponse:
    application = _own(request, code)
    if request.GET.get("cancelled"):
        messages.warning(request, _("The payment was cancelled. You can pay the state fee from this page."))
    elif application.state == State.SUBMITTED:
        messages.info(request, _("We are waiting for the payment to be confirmed. This page shows it when it is."))
    else:
        messages.success(request, _("Thank you, the state fee is paid."))
    return redirect("eresidency:status", code=application.code)


@applicant_required
def status(request: HttpRequest, code) -> HttpResponse:
    application = _own(request, code)
    view = selectors.status_view(application)
    return render(
        request,
        "eresidency/status.html",
        {
            "view": view,
            "application": application,
            "resume_step": selectors.first_incomplete_step(application) if application.state == State.DRAFT else None,
        },
    )


@applicant_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(request, "eresidency/my_applications.html", {"applications": selectors.applications_of(request.user)})


@applicant_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, code) -> HttpResponse:
    application = _own(request, code)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("eresidency:status", code=application.code)
    if application.state in CLOSED_STATES:
        return redirect("eresidency:status", code=application.code)
    return render(request, "eresidency/withdraw.html", {"application": application, "form": form})


@applicant_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, code, request_code) -> HttpResponse:
    application = _own(request, code)
    info = selectors.get_info_request_for_applicant(request.user, application, request_code)
    form = InfoAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.info_request_answer(
                info_request=info,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                files=form.cleaned_data["files"],
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you. Your answer was sent and the review continues."))
        return redirect("eresidency:status", code=application.code)
    return render(request, "eresidency/answer.html", {"application": application, "info": info, "form": form})
