"""Tax board pages: the public rules; a company's taxes (returns due, filed and late, the
people it pays, VAT registration, accountants' mandates); filing TSD and KMD by form or
file; VAT registration decisions for tax officers. Views check access with one helper and
call one service."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import login_required_any, official_required
from accounts.constants import Role
from tax import selectors, services
from tax.constants import ReturnKind, ReturnSource
from tax.exceptions import TaxError
from tax.forms import (
    DecisionForm,
    MandateForm,
    PersonForm,
    SignForm,
    UploadForm,
    VatApplicationForm,
    field_for_path,
    request_from_post,
)
from tax.models import Mandate, VatApplication
from tax.services.returns import return_compute, tax_return_file
from tax.uploads import csv_line_label, parse_upload_with_lines

DEFAULT_ROWS = 4
MAX_ROWS = 50


def rules_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "tax/rules.html",
        {
            "groups": selectors.rules_by_group(),
            "payment_types": selectors.payment_types(),
            "vat_categories": selectors.vat_categories(on=today),
            "today": today,
            "digest": selectors.rules_digest(),
        },
    )


@login_required_any
def companies(request: HttpRequest) -> HttpResponse:
    return render(request, "tax/companies.html", {"entries": selectors.accounts_for_user(request.user)})


@login_required_any
def company(request: HttpRequest, registry_code: str) -> HttpResponse:
    access = selectors.get_account_for_user(request.user, registry_code)
    account = access.account
    return render(
        request,
        "tax/company.html",
        {
            "access": access,
            "account": account,
            "obligations": selectors.obligations(account),
            "people": list(account.people.all()),
            "mandates": list(account.mandates.select_related("accountant")) if access.role != "accountant" else [],
            "vat_application": selectors.open_vat_application(account),
            "today": timezone.localdate(),
        },
    )


def _board_access(request: HttpRequest, registry_code: str):
    access = selectors.get_account_for_user(request.user, registry_code, write=True)
    if not access.is_board_member:
        raise Http404
    return access


def _form_errors(form, error: TaxError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@login_required_any
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, registry_code: str) -> HttpResponse:
    access = selectors.get_account_for_user(request.user, registry_code, write=True)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_add(account=access.account, actor=request.user, **form.cleaned_data)
        except TaxError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The person was added."))
            return redirect("tax:company", registry_code=access.account.registry_code)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "tax/form_page.html",
        {"form": form, "account": access.account, "title": _("Add a person the company pays")},
        status=status,
    )


@login_required_any
@require_POST
def board_sync(request: HttpRequest, registry_code: str) -> HttpResponse:
    access = _board_access(request, registry_code)
    added = services.board_members_sync(account=access.account, actor=request.user)
    messages.success(request, _("%(n)s board members added from the register.") % {"n": added})
    return redirect("tax:company", registry_code=access.account.registry_code)


@login_required_any
@require_http_methods(["GET", "POST"])
def vat_apply(request: HttpRequest, registry_code: str) -> HttpResponse:
    access = _board_access(request, registry_code)
    form = VatApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.vat_registration_apply(
                account=access.account, actor=request.user, **form.cleaned_data
            )
        except TaxError as error:
            _form_errors(form, error)
        else:
            if application.due_by:
                messages.success(
                    request,
                    _(
                        "Application sent. It was due by %(d)s; the tax board decides and you will see the VAT number here."
                    )
                    % {"d": application.due_by.strftime("%d.%m.%Y")},
                )
            else:
                messages.success(
                    request, _("Application sent. The tax board decides; the VAT number will appear here.")
                )
            return redirect("tax:company", registry_code=access.account.registry_code)
    status = 400 if form.is_bound else 200
    threshold = selectors.rule_value("vat_registration_threshold", on=timezone.localdate())
    days = selectors.rule_value("vat_registration_deadline_working_days", on=timezone.localdate())
    intro = _(
        "Registration is mandatory once taxable supplies since 1 January pass €%(t)s; the application is due "
        "within %(d)s working days of that date. You can also register voluntarily."
    ) % {"t": threshold.raw, "d": days.raw}
    return render(
        request,
        "tax/form_page.html",
        {"form": form, "account": access.account, "title": _("Apply for VAT registration"), "intro": intro},
        status=status,
    )


@login_required_any
@require_http_methods(["GET", "POST"])
def mandate_grant(request: HttpRequest, registry_code: str) -> HttpResponse:
    access = _board_access(request, registry_code)
    form = MandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_grant(account=access.account, actor=request.user, **form.cleaned_data)
        except TaxError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The accountant may now sign and file this company's returns."))
            return redirect("tax:company", registry_code=access.account.registry_code)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "tax/form_page.html",
        {"form": form, "account": access.account, "title": _("Authorise an accountant")},
        status=status,
    )


@login_required_any
@require_POST
def mandate_revoke(request: HttpRequest, registry_code: str, code) -> HttpResponse:
    access = _board_access(request, registry_code)
    mandate = get_object_or_404(Mandate, code=code, account=access.account)
    try:
        services.mandate_revoke(mandate=mandate, actor=request.user, reason=request.POST.get("reason", ""))
    except Exception as error:
        messages.error(request, _("The mandate could not be revoked: %(e)s") % {"e": error})
    else:
        messages.success(request, _("The mandate is revoked."))
    return redirect("tax:company", registry_code=access.account.registry_code)


def _rows(request: HttpRequest) -> int:
    try:
        return max(1, min(MAX_ROWS, int(request.POST.get("rows") or request.GET.get("rows") or DEFAULT_ROWS)))
    except ValueError:
        return DEFAULT_ROWS


def _default_period() -> str:
    today = timezone.localdate()
    first = today.replace(day=1)
    previous = date.fromordinal(first.toordinal() - 1)
    return f"{previous.year}-{previous.month:02d}"


def _initial_rows(account, kind: str, rows: int) -> dict[str, str]:
    """Pre-fill annex 1 with the people the company pays (codes, pension rates, exemption)."""
    initial: dict[str, str] = {}
    if kind != ReturnKind.TSD:
        return initial
    for i, person in enumerate(p for p in account.people.all() if p.tax_resident and p.personal_code):
        if i >= rows:
            break
        initial[f"annex1-{i}-personal_code"] = person.personal_code
        initial[f"annex1-{i}-name"] = f"{person.given_names} {person.surname}"
        initial[f"annex1-{i}-payment_type"] = "24" if person.board_member else "10"
        initial[f"annex1-{i}-pension_rate"] = str(person.pension_rate.normalize())
        if person.basic_exemption:
            initial[f"annex1-{i}-basic_exemption"] = "on"
    return initial


@login_required_any
@require_http_methods(["GET", "POST"])
def return_new(request: HttpRequest, registry_code: str, kind: str) -> HttpResponse:
    access = selectors.get_account_for_user(request.user, registry_code, write=True)
    if kind not in ReturnKind.values or not access.can_file:
        raise Http404
    rows = _rows(request)
    values = request.POST if request.method == "POST" else _initial_rows(access.account, kind, rows)
    period = (
        request.POST.get("period") if request.method == "POST" else request.GET.get("period")
    ) or _default_period()
    sign_form = SignForm(request.POST if request.POST.get("action") == "file" else None)
    context = {
        "access": access,
        "account": access.account,
        "kind": kind,
        "period": period,
        "rows": range(rows),
        "row_count": rows,
        "values": values,
        "sign_form": sign_form,
        "payment_types": selectors.payment_types(),
        "vat_categories": selectors.vat_categories(on=timezone.localdate()),
        "errors": {},
        "error_list": [],
        "result": None,
    }
    status = 200
    if request.method == "POST":
        data = request_from_post(kind=kind, period=period, post=request.POST, rows=rows)
        try:
            if request.POST.get("action") == "file":
                if not sign_form.is_valid():
                    context["result"] = return_compute(data=data)
                    return render(request, "tax/return_form.html", context, status=400)
                tax_return = tax_return_file(
                    access=access,
                    actor=request.user,
                    data=data,
                    source=ReturnSource.FORM,
                    pin2=sign_form.cleaned_data["pin2"],
                )
                messages.success(request, _("The return is filed. The tax board's receipt is below."))
                return redirect("tax:return_detail", code=tax_return.code)
            context["result"] = return_compute(data=data)
        except TaxError as error:
            status = 400
            context["error_list"] = error.errors or [{"field": error.field, "message": error.message}]
            context["errors"] = {field_for_path(e["field"]): e["message"] for e in context["error_list"]}
            if error.field == "pin2":
                sign_form.add_error("pin2", error.message)
                try:
                    context["result"] = return_compute(data=data)
                except TaxError:
                    pass
    return render(request, "tax/return_form.html", context, status=status)


@login_required_any
@require_http_methods(["GET", "POST"])
def return_upload(request: HttpRequest, registry_code: str) -> HttpResponse:
    access = selectors.get_account_for_user(request.user, registry_code, write=True)
    if not access.can_file:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    sign_form = SignForm(request.POST if request.POST.get("action") == "file" else None)
    context = {
        "account": access.account,
        "form": form,
        "sign_form": sign_form,
        "result": None,
        "error_list": [],
        "payload": "",
    }
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "file":
                data = json.loads(request.POST.get("payload") or "{}")
                context["payload"] = request.POST.get("payload")
                context["result"] = return_compute(data=data)
                if not sign_form.is_valid():
                    return render(request, "tax/return_upload.html", context, status=400)
                tax_return = tax_return_file(
                    access=access,
                    actor=request.user,
                    data=data,
                    source=request.POST.get("source") or ReturnSource.JSON,
                    pin2=sign_form.cleaned_data["pin2"],
                )
                messages.success(request, _("The return is filed. The tax board's receipt is below."))
                return redirect("tax:return_detail", code=tax_return.code)
            if form.is_valid():
                upload = form.cleaned_data["document"]
                data, line_of = parse_upload_with_lines(
                    content=upload.read(),
                    filename=upload.name or "",
                    kind=form.cleaned_data.get("kind") or "",
                    period=form.cleaned_data.get("period") or "",
                )
                context["source"] = ReturnSource.CSV if line_of else ReturnSource.JSON
                context["payload"] = json.dumps(data)
                try:
                    context["result"] = return_compute(data=data)
                except TaxError as error:
                    error.errors = csv_line_label(error.errors, line_of)
                    raise
            else:
                status = 400
        except (TaxError, ValueError) as error:
            status = 400
            if isinstance(error, TaxError):
                context["error_list"] = error.errors or [{"field": error.field, "message": error.message}]
            else:
                context["error_list"] = [{"field": "document", "message": _("The file could not be read.")}]
            if isinstance(error, TaxError) and error.field == "pin2":
                sign_form.add_error("pin2", error.message)
    return render(request, "tax/return_upload.html", context, status=status)


@login_required_any
def return_detail(request: HttpRequest, code) -> HttpResponse:
    tax_return, access = selectors.get_return_for_user(request.user, code)
    return render(
        request,
        "tax/return_detail.html",
        {
            "r": tax_return,
            "access": access,
            "account": tax_return.account,
            "result": tax_return.result,
            "versions": selectors.return_versions(tax_return.account, tax_return.kind, tax_return.period),
        },
    )


def _file_response(field, name: str) -> HttpResponse:
    if not field:
        raise Http404
    response = FileResponse(field.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required_any
def return_pdf(request: HttpRequest, code) -> HttpResponse:
    tax_return, _access = selectors.get_return_for_user(request.user, code)
    return _file_response(tax_return.pdf, f"{tax_return.kind}-{tax_return.period}-v{tax_return.version}-signed.pdf")


@login_required_any
def return_receipt(request: HttpRequest, code) -> HttpResponse:
    tax_return, _access = selectors.get_return_for_user(request.user, code)
    return _file_response(
        tax_return.receipt, f"receipt-{tax_return.kind}-{tax_return.period}-v{tax_return.version}.pdf"
    )


@official_required(Role.TAX_OFFICER, Role.AUDITOR)
def vat_queue(request: HttpRequest) -> HttpResponse:
    rows = [(a, DecisionForm(prefix=str(a.code))) for a in selectors.vat_applications_waiting()]
    return render(request, "tax/vat_queue.html", {"rows": rows})


@official_required(Role.TAX_OFFICER)
@require_POST
def vat_decide(request: HttpRequest, code) -> HttpResponse:
    application = get_object_or_404(VatApplication, code=code)
    form = DecisionForm(request.POST, prefix=str(application.code))
    if form.is_valid():
        try:
            services.vat_registration_decide(
                application=application,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except TaxError as error:
            messages.error(request, error.message)
        except Exception as error:
            messages.error(request, _("The application was already decided: %(e)s") % {"e": error})
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("tax:vat_queue")
