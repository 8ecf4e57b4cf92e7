"""The exchange's pages: the Data Tracker, the DPO view, the journal's anchors, agreements
and members. Views check access with one helper, call one service, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import applicant_required, login_required_any, official_required
from accounts.constants import Role
from exchange import services, tracker
from exchange.access import get_agreement_for_user, get_member_for_user, may_change_agreement, require_role
from exchange.constants import AgreementState, MemberState
from exchange.exceptions import ExchangeError
from exchange.forms import AgreementForm, MemberApplyForm, PeriodForm, PinForm, ReasonForm, TrackerFilterForm
from exchange.models import Agreement, Member
from exchange.registry import HookMissing, get_service
from exchange.selectors import journal_anchors, usage_of

PAGE_SIZE = 50


# --- Data Tracker ----------------------------------------------------------------------


def _tracker_query(request: HttpRequest):
    form = TrackerFilterForm(request.GET or None, reader_choices=tracker.tracker_reader_choices(request.user))
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, tracker.tracker_entries(request.user, **filters)


@applicant_required
def my_data(request: HttpRequest) -> HttpResponse:
    form, entries = _tracker_query(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [tracker.tracker_row(e) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchange/my_data.html",
        {"form": form, "rows": rows, "page": page, "query": query.urlencode()},
    )


@applicant_required
def my_data_csv(request: HttpRequest) -> HttpResponse:
    _form, entries = _tracker_query(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="who-used-my-data-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Time"),
            _("Institution"),
            _("Official"),
            _("Service or data"),
            _("Fields"),
            _("Purpose"),
            _("Agreement"),
            _("Legal basis or consent"),
        ]
    )
    for entry in entries.iterator(chunk_size=500):
        row = tracker.tracker_row(entry)
        writer.writerow(
            [
                timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
                row.institution,
                row.official,
                row.service,
                "; ".join(row.fields),
                row.purpose,
                row.agreement,
                row.legal_basis,
            ]
        )
    return response


# --- The data protection officer --------------------------------------------------------


@official_required(Role.AUDITOR)
def dpo(request: HttpRequest) -> HttpResponse:
    try:
        days = min(max(int(request.GET.get("days", 30)), 1), 366)
    except ValueError:
        days = 30
    return render(request, "exchange/dpo.html", {"days": days, **tracker.dpo_findings(days=days)})


# --- The journal's anchors (public) -----------------------------------------------------


def anchors(request: HttpRequest) -> HttpResponse:
    page = Paginator(journal_anchors(), 100).get_page(request.GET.get("page"))
    return render(request, "exchange/anchors.html", {"page": page})


# --- Agreements -------------------------------------------------------------------------


@official_required()
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = Agreement.objects.select_related("consumer_member", "provider_official", "consumer_official").order_by(
        "state", "service_code", "-created_at"
    )
    return render(request, "exchange/agreement_list.html", {"agreements": agreements})


@official_required(Role.ADMINISTRATOR)
def agreement_new(request: HttpRequest) -> HttpResponse:
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                service_code=data["service"],
                consumer=form.consumer_value(),
                fields=data["fields"],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                provider_official=data["provider_official"],
                consumer_official=data["consumer_official"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                actor=request.user,
            )
        except ExchangeError as error:
            form.add_error(error.code if error.code in form.fields else None, error.reason)
        else:
            messages.success(request, _("The draft agreement is ready for both officials to sign."))
            return redirect("exchange:agreement", code=agreement.code)
    return render(request, "exchange/agreement_new.html", {"form": form})


@login_required_any
def agreement_detail(request: HttpRequest, code) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, code)
    side = None
    if agreement.state == AgreementState.DRAFT:
        if request.user == agreement.provider_official and not agreement.provider_signed_at:
            side = "provider"
        elif request.user == agreement.consumer_official and not agreement.consumer_signed_at:
            side = "consumer"
    return render(
        request,
        "exchange/agreement_detail.html",
        {
            "agreement": agreement,
            "service": get_service(agreement.service_code),
            "sign_form": PinForm() if side else None,
            "may_change": may_change_agreement(request.user, agreement),
            "reason_form": ReasonForm(),
            "reads": agreement.reads.count(),
        },
    )


@login_required_any
def agreement_document(request: HttpRequest, code) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, code)
    response = HttpResponse(bytes(agreement.document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agreement-{agreement.code}.pdf"'
    return response


@require_POST
@login_required_any
def agreement_sign(request: HttpRequest, code) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, code)
    form = PinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the PIN2 of your digital ID."))
        return redirect("exchange:agreement", code=agreement.code)
    try:
        agreement = services.agreement_sign(agreement=agreement, signer=request.user, pin2=form.cleaned_data["pin2"])
    except ExchangeError as error:
        messages.error(request, error.reason)
    except HookMissing:
        messages.error(request, _("Signing is not available right now."))
    else:
        if agreement.state == AgreementState.ACTIVE:
            messages.success(request, _("Both sides have signed: the agreement is active."))
        else:
            messages.success(request, _("Signed. The agreement becomes active when the other side signs."))
    return redirect("exchange:agreement", code=agreement.code)


CHANGES = {
    "suspend": services.agreement_suspend,
    "resume": services.agreement_resume,
    "end": services.agreement_end,
}


@require_POST
@login_required_any
def agreement_change(request: HttpRequest, code, action: str) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, code)
    if action not in CHANGES or not may_change_agreement(request.user, agreement):
        require_role(request.user, "-")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("exchange:agreement", code=agreement.code)
    from django_fsm import TransitionNotAllowed

    try:
        CHANGES[action](agreement=agreement, actor=request.user, reason=form.cleaned_data["reason"])
    except (TransitionNotAllowed, ExchangeError):
        messages.error(request, _("The agreement cannot be changed that way in its present state."))
    else:
        messages.success(request, _("The agreement has been changed."))
    return redirect("exchange:agreement", code=agreement.code)


# --- Members ----------------------------------------------------------------------------


@applicant_required
def member_apply(request: HttpRequest) -> HttpResponse:
    form = MemberApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_apply(contact=request.user, **form.cleaned_data)
        except ExchangeError as error:
            form.add_error(None, error.reason)
        else:
            messages.success(request, _("Your application has been sent. An administrator will decide on it."))
            return redirect("exchange:member", code=member.code)
    mine = Member.objects.filter(contact=request.user).order_by("name")
    return render(request, "exchange/member_apply.html", {"form": form, "mine": mine})


@official_required(Role.ADMINISTRATOR, Role.AUDITOR)
def member_list(request: HttpRequest) -> HttpResponse:
    members = Member.objects.select_related("contact").order_by("state", "name")
    return render(request, "exchange/member_list.html", {"members": members})


@login_required_any
def member_detail(request: HttpRequest, code) -> HttpResponse:
    member = get_member_for_user(request.user, code)
    return render(
        request,
        "exchange/member_detail.html",
        {
            "member": member,
            "agreements": member.agreements.order_by("-created_at"),
            "usage": usage_of(member),
            "is_contact": member.contact_id == request.user.pk,
            "is_admin": request.user.role == Role.ADMINISTRATOR,
            "is_auditor": request.user.role == Role.AUDITOR,
            "reason_form": ReasonForm(),
            "period_form": PeriodForm(
                initial={"start": timezone.localdate().replace(day=1), "end": timezone.localdate()}
            ),
        },
    )


DECISIONS = {
    "approve": services.member_approve,
    "refuse": services.member_refuse,
    "suspend": services.member_suspend,
    "reinstate": services.member_reinstate,
}


@require_POST
@official_required(Role.ADMINISTRATOR)
def member_decide(request: HttpRequest, code, action: str) -> HttpResponse:
    member = get_member_for_user(request.user, code)
    form = ReasonForm(request.POST)
    if action not in DECISIONS:
        require_role(request.user, "-")
    if action != "approve" and not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("exchange:member", code=member.code)
    from django_fsm import TransitionNotAllowed

    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        DECISIONS[action](member=member, actor=request.user, reason=reason)
    except TransitionNotAllowed:
        messages.error(request, _("The member cannot be changed that way in its present state."))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("exchange:member", code=member.code)


@require_POST
@login_required_any
def member_credentials(request: HttpRequest, code) -> HttpResponse:
    member = get_member_for_user(request.user, code)
    if member.contact_id != request.user.pk:
        require_role(request.user, "-")
    try:
        credentials = services.member_issue_credentials(member=member, actor=request.user)
    except ExchangeError as error:
        messages.error(request, error.reason)
        return redirect("exchange:member", code=member.code)
    response = render(request, "exchange/member_credentials.html", {"member": member, "credentials": credentials})
    response["Cache-Control"] = "no-store"
    return response


@official_required(Role.AUDITOR)
def member_messages(request: HttpRequest, code) -> HttpResponse:
    member = get_member_for_user(request.user, code)
    form = PeriodForm(request.GET or None)
    if not form.is_valid():
        messages.error(request, _("Choose a valid period."))
        return redirect("exchange:member", code=member.code)
    data = services.message_log_export(
        member=member, start=form.cleaned_data["start"], end=form.cleaned_data["end"], actor=request.user
    )
    response = HttpResponse(data, content_type="application/zip")
    name = f"message-log-{member.registry_code}-{form.cleaned_data['start']}-{form.cleaned_data['end']}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


__all__ = ["MemberState"]
