"""The registrar's queue and review of founding applications."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import official_required
from accounts.constants import Role
from companies import selectors, services
from companies.constants import ACCESS_PURPOSE, PartyKind
from companies.exceptions import CompaniesError
from companies.forms import DeficiencyForm, RefuseForm
from companies.search import check_name

READERS = (Role.REGISTRAR, Role.AUDITOR)


@official_required(*READERS)
def queue(request: HttpRequest) -> HttpResponse:
    qs = selectors.registrar_queue(
        state=request.GET.get("state", ""),
        procedure=request.GET.get("procedure", ""),
        mine_of=request.user if request.GET.get("mine") else None,
        overdue=bool(request.GET.get("overdue")),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "companies/queue.html",
        {"page": page, "counts": selectors.queue_counts(), "filters": request.GET, "today": selectors.tallinn_date()},
    )


@official_required(*READERS)
def detail(request: HttpRequest, code) -> HttpResponse:
    from exchange.services import log_access

    app = selectors.get_founding_for_registrar(request.user, code)
    founders = list(app.founders.select_related("legal_person", "user"))
    board = list(app.board.select_related("user"))
    for person in {p.user for p in founders + board if p.user_id}:
        log_access(
            person=person,
            what="founding application (founders and board)",
            purpose=ACCESS_PURPOSE,
            reader=request.user,
            record=app,
        )
    return render(
        request,
        "companies/review.html",
        {
            "application": app,
            "founders": founders,
            "board": board,
            "verdict": check_name(app.name, holder=app.created_by, exclude_application=app),
            "checks": list(app.checks.all()),
            "signatures": list(app.signatures.filter(voided_at__isnull=True)),
            "signers": services.required_signers(app),
            "can_act": request.user.role == Role.REGISTRAR,
            "deficiency_form": DeficiencyForm(),
            "refuse_form": RefuseForm(),
            "legal": PartyKind.LEGAL,
        },
    )


def _act(request, code, fn, ok: str, **kwargs) -> HttpResponse:
    app = selectors.get_founding_for_registrar(request.user, code)
    try:
        fn(application=app, actor=request.user, **kwargs)
    except CompaniesError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ok)
    return redirect("companies:review", code=app.code)


@official_required(Role.REGISTRAR)
@require_POST
def claim(request: HttpRequest, code) -> HttpResponse:
    return _act(request, code, services.founding_claim, _("You claimed the application."))


@official_required(Role.REGISTRAR)
@require_POST
def release(request: HttpRequest, code) -> HttpResponse:
    return _act(request, code, services.founding_release, _("The application is back in the queue."))


@official_required(Role.REGISTRAR)
@require_POST
def register(request: HttpRequest, code) -> HttpResponse:
    return _act(request, code, services.founding_register, _("The company is registered and its registry card sealed."))


@official_required(Role.REGISTRAR)
@require_POST
def refuse(request: HttpRequest, code) -> HttpResponse:
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reasons for the refusal."))
        return redirect("companies:review", code=code)
    return _act(
        request, code, services.founding_refuse, _("The application is refused."), reason=form.cleaned_data["reason"]
    )


@official_required(Role.REGISTRAR)
@require_POST
def deficiencies(request: HttpRequest, code) -> HttpResponse:
    form = DeficiencyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what must be corrected and by when."))
        return redirect("companies:review", code=code)
    return _act(
        request,
        code,
        services.founding_rule_deficiencies,
        _("The founders were told what to correct."),
        **form.cleaned_data,
    )


@official_required(*READERS)
def review_document(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_registrar(request.user, code)
    if not app.document:
        raise Http404
    return FileResponse(app.document.open("rb"), content_type="application/pdf")


def verify(request: HttpRequest, code) -> HttpResponse:
    """The public page a registry card's QR code opens."""
    company = selectors.get_company_by_card_code(code)
    return render(request, "companies/verify.html", {"company": company, **selectors.card_context(company)})
