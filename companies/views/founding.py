"""The founders' pages: start, the application (data, parties, problems, signatures, fee)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import applicant_required
from companies import selectors, services
from companies.constants import EDITABLE_STATES, FoundingState
from companies.exceptions import CompaniesError
from companies.forms import AnswerForm, BoardMemberForm, FounderForm, FoundingDataForm, NameCheckForm, SignForm


@applicant_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = NameCheckForm(request.POST or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        try:
            app = services.founding_start(actor=request.user, name=form.cleaned_data["name"])
        except CompaniesError as error:
            form.add_error("name", error.message)
            verdict = error.verdict
        else:
            return redirect("companies:founding", code=app.code)
    return render(
        request,
        "companies/founding_start.html",
        {"form": form, "verdict": verdict, "applications": selectors.founding_applications_of(request.user)},
    )


def _initial(app) -> dict:
    return {
        "procedure": app.procedure,
        "email": app.email,
        "address_country": app.address_country,
        "address": app.address,
        "activity": app.activity_id,
        "financial_year_end": app.financial_year_end,
        "share_capital": app.share_capital,
        "contact_provider": app.contact_provider_id,
        "contact_until": app.contact_until,
    }


def _page(request, app, **forms) -> HttpResponse:
    signers = services.required_signers(app)
    card = None
    from companies.people import active_card_of

    card = active_card_of(request.user)
    my_code = card.personal_code.code if card else None
    context = {
        "application": app,
        "editable": app.state in EDITABLE_STATES and app.created_by_id == request.user.pk,
        "is_filer": app.created_by_id == request.user.pk,
        "founders": list(app.founders.select_related("legal_person")),
        "board": list(app.board.all()),
        "problems": services.founding_problems(app) if app.state == FoundingState.DRAFT else [],
        "signers": signers,
        "my_signer": next((s for s in signers if s.personal_code == my_code), None),
        "has_card": card is not None,
        "company": getattr(app, "company", None) if app.state == FoundingState.REGISTERED else None,
        "data_form": forms.get("data_form") or FoundingDataForm(initial=_initial(app)),
        "founder_form": forms.get("founder_form") or FounderForm(prefix="founder"),
        "board_form": forms.get("board_form") or BoardMemberForm(prefix="board"),
        "sign_form": forms.get("sign_form") or SignForm(),
        "answer_form": AnswerForm(),
    }
    return render(request, "companies/founding.html", context)


@applicant_required
def founding(request: HttpRequest, code) -> HttpResponse:
    return _page(request, selectors.get_founding_for_party(request.user, code))


def _saved(request, saved) -> None:
    if saved.voided:
        messages.warning(
            request,
            _(
                "The data changed after signing, so the signatures given so far no longer count. Send the new version for signatures."
            ),
        )


@applicant_required
@require_POST
def update(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    form = FoundingDataForm(request.POST)
    if not form.is_valid():
        return _page(request, app, data_form=form)
    try:
        _saved(request, services.founding_update(application=app, actor=request.user, data=form.cleaned_data))
    except CompaniesError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _page(request, app, data_form=form)
    messages.success(request, _("Saved."))
    return redirect("companies:founding", code=app.code)


@applicant_required
@require_POST
def founder_add(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    form = FounderForm(request.POST, prefix="founder")
    if not form.is_valid():
        return _page(request, app, founder_form=form)
    try:
        _saved(request, services.founder_add(application=app, actor=request.user, **form.cleaned_data))
    except CompaniesError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _page(request, app, founder_form=form)
    return redirect("companies:founding", code=app.code)


@applicant_required
@require_POST
def board_add(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    form = BoardMemberForm(request.POST, prefix="board")
    if not form.is_valid():
        return _page(request, app, board_form=form)
    try:
        _saved(request, services.board_member_add(application=app, actor=request.user, **form.cleaned_data))
    except CompaniesError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _page(request, app, board_form=form)
    return redirect("companies:founding", code=app.code)


def _act(request, app, fn, ok: str = "", **kwargs) -> HttpResponse:
    try:
        fn(application=app, actor=request.user, **kwargs)
    except CompaniesError as error:
        messages.error(request, error.message)
    else:
        if ok:
            messages.success(request, ok)
    return redirect("companies:founding", code=app.code)


@applicant_required
@require_POST
def send(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    return _act(
        request,
        app,
        services.founding_send_for_signatures,
        _("The document is ready; every party has been asked to sign."),
    )


@applicant_required
@require_POST
def sign(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _page(request, app, sign_form=form)
    try:
        services.founding_sign(application=app, actor=request.user, pin2=form.cleaned_data["pin2"])
    except CompaniesError as error:
        form.add_error("pin2", error.message)
        return _page(request, app, sign_form=form)
    messages.success(request, _("You signed the founding document."))
    return redirect("companies:founding", code=app.code)


@applicant_required
@require_POST
def pay(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    back = reverse("companies:founding", kwargs={"code": app.code})
    try:
        url = services.founding_checkout(application=app, actor=request.user, return_url=back)
    except CompaniesError as error:
        messages.error(request, error.message)
        return redirect("companies:founding", code=app.code)
    return redirect(url)


@applicant_required
@require_POST
def withdraw(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    return _act(request, app, services.founding_withdraw, _("The application is withdrawn."))


@applicant_required
@require_POST
def answer(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    form = AnswerForm(request.POST)
    form.is_valid()
    return _act(
        request,
        app,
        services.founding_answer_deficiencies,
        _("Sent back to the registrar."),
        answer=form.cleaned_data.get("answer", ""),
    )


@applicant_required
def document(request: HttpRequest, code) -> HttpResponse:
    app = selectors.get_founding_for_party(request.user, code)
    if not app.document:
        raise Http404
    response = FileResponse(app.document.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="founding-{app.code}.pdf"'
    return response
