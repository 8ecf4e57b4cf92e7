"""The payer's pages (my payments, status, receipt, the local checkout imitation) and the
administrators' operations pages (failed hand-offs, flagged payments, refunds)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import login_required_any, official_required
from accounts.constants import Role
from audit.selectors import journal_for
from exchange.services import log_access
from payments import selectors, services
from payments.constants import OPEN_STATUSES, SETTLED_STATUSES, PaymentStatus, Provider
from payments.exceptions import PaymentError, ReceiptNotReady
from payments.forms import LocalCheckoutForm, RefundForm, ResolveForm
from payments.models import Payment
from payments.providers.local import local_enabled

FINAL_STATUSES = {PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.EXPIRED, PaymentStatus.REFUNDED}


ACCESS_PURPOSE = "payment oversight"


def _log_read(request: HttpRequest, payment: Payment, what: str) -> None:
    """An official reading someone's payment (payer's name and e-mail) is access-logged."""
    if request.user.pk != payment.payer_id:
        log_access(reader=request.user, person=payment.payer, what=what, purpose=ACCESS_PURPOSE, record=payment)


def _onward(request: HttpRequest, url: str) -> str:
    """A stored return address, only if it points at this site."""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""


@require_GET
@login_required_any
def my_payments(request: HttpRequest) -> HttpResponse:
    payments = selectors.payments_of(request.user)[:200]
    return render(request, "payments/mine.html", {"payments": payments})


@require_GET
@login_required_any
def payment_detail(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    payment = selectors.get_payment_for_user(request.user, code)
    _log_read(request, payment, "payment: payer, amount and status")
    is_payer = payment.payer_id == request.user.pk
    cancelled = request.GET.get("cancelled") == "1"
    waiting = payment.status in OPEN_STATUSES and not cancelled and bool(payment.provider_session_id)
    context = {
        "payment": payment,
        "is_payer": is_payer,
        "cancelled": cancelled and payment.status in OPEN_STATUSES,
        "returned": request.GET.get("returned") == "1",
        "waiting": waiting,
        "settled": payment.status in SETTLED_STATUSES,
        "can_pay": is_payer and payment.status in OPEN_STATUSES,
        "return_url": _onward(request, payment.return_url),
        "cancel_url": _onward(request, payment.cancel_url),
    }
    return render(request, "payments/detail.html", context)


@require_GET
@login_required_any
def payment_status(request: HttpRequest, code: uuid.UUID) -> JsonResponse:
    payment = selectors.get_payment_for_user(request.user, code)
    response = JsonResponse(
        {
            "status": payment.status,
            "label": payment.get_status_display(),
            "settled": payment.status in SETTLED_STATUSES,
            "final": payment.status in FINAL_STATUSES,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required_any
def payment_pay(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    payment = selectors.get_payment_for_user(request.user, code, pay=True)
    try:
        url = services.payment_checkout_url(
            payment=payment, return_url=payment.return_url, cancel_url=payment.cancel_url, actor=request.user
        )
    except PaymentError as error:
        messages.error(request, str(error))
        return redirect("payments:detail", code=payment.code)
    return redirect(url)


@require_GET
@login_required_any
def payment_receipt(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    payment = selectors.get_payment_for_user(request.user, code)
    if payment.status not in SETTLED_STATUSES:
        raise Http404
    try:
        pdf = services.payment_receipt_pdf(payment=payment)
    except ReceiptNotReady as error:
        return HttpResponse(
            str(error), status=503, content_type="text/plain; charset=utf-8", headers={"Retry-After": "30"}
        )
    except PaymentError:
        raise Http404
    _log_read(request, payment, "payment receipt: payer's name and e-mail")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required_any
def local_checkout(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    if not local_enabled():
        raise Http404
    payment = selectors.get_payment_for_user(request.user, code, pay=True)
    if payment.provider != Provider.LOCAL:
        raise Http404
    detail = reverse("payments:detail", kwargs={"code": payment.code})
    if request.method == "POST":
        form = LocalCheckoutForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            if action == "cancel":
                return redirect(detail + "?cancelled=1")
            try:
                services.local_checkout_act(
                    payment=payment, action=action, event_id=str(form.cleaned_data["event_id"]), actor=request.user
                )
            except PaymentError as error:
                messages.error(request, str(error))
                return redirect(detail)
            return redirect(detail + "?returned=1")
        status = 400
    else:
        form = LocalCheckoutForm(initial={"event_id": uuid.uuid4()})
        status = 200
    return render(
        request,
        "payments/local_checkout.html",
        {"payment": payment, "form": form, "open": payment.status in OPEN_STATUSES},
        status=status,
    )


# --- administrators ---------------------------------------------------------------------


@require_GET
@official_required(Role.ADMINISTRATOR)
def operations(request: HttpRequest) -> HttpResponse:
    context = {
        "handoffs": selectors.handoffs_open(),
        "attention": selectors.payments_needing_attention(),
        "events": selectors.events_needing_attention(),
    }
    return render(request, "payments/operations.html", context)


def _payment_for_admin(code: uuid.UUID) -> Payment:
    payment = selectors.payment_by_code(code)
    if payment is None:
        raise Http404
    return payment


def _render_manage(request: HttpRequest, payment: Payment, *, refund_form=None, resolve_form=None, status=200):
    context = {
        "payment": payment,
        "journal": journal_for(payment),
        **selectors.payment_history(payment),
        "refund_form": refund_form or RefundForm(),
        "resolve_form": resolve_form or ResolveForm(),
        "can_refund": payment.status in {PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED},
    }
    return render(request, "payments/manage.html", context, status=status)


@require_GET
@official_required(Role.ADMINISTRATOR)
def payment_manage(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    payment = _payment_for_admin(code)
    _log_read(request, payment, "payment: payer, history and refunds")
    return _render_manage(request, payment)


@require_POST
@official_required(Role.ADMINISTRATOR)
def payment_refund(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    payment = _payment_for_admin(code)
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            refund = services.payment_refund(
                payment=payment,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Refunded €%(amount)s.") % {"amount": refund.amount})
            return redirect("payments:manage", code=payment.code)
    return _render_manage(request, _payment_for_admin(code), refund_form=form, status=400)


@require_POST
@official_required(Role.ADMINISTRATOR)
def payment_resolve(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    payment = _payment_for_admin(code)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.payment_attention_resolve(payment=payment, note=form.cleaned_data["note"], actor=request.user)
        except PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Marked as resolved."))
            return redirect("payments:manage", code=payment.code)
    return _render_manage(request, payment, resolve_form=form, status=400)


@require_POST
@official_required(Role.ADMINISTRATOR)
def handoff_retry(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    handoff = selectors.handoff_by_code(code)
    if handoff is None:
        raise Http404
    services.settlement_handoff_reopen(handoff=handoff, actor=request.user)
    messages.success(request, _("A new attempt is queued."))
    return redirect("payments:operations")
