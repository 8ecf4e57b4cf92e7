"""The public landing page. It lives in config because its figures come from several apps
(fees from payments, the decision term from the e-Residency settings)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from payments.exceptions import FeeNotFound
from payments.selectors import fee_amount

LANDING_FEES = {
    "eresidency": "eresidency_state_fee",
    "expedited": "company_registration_expedited",
    "regular": "company_registration_regular",
    "amendment": "amendment_entry",
}


def _fee(code: str) -> Decimal | None:
    try:
        return fee_amount(code)
    except FeeNotFound:
        return None


def landing(request: HttpRequest) -> HttpResponse:
    fees = {key: _fee(code) for key, code in LANDING_FEES.items()}
    return render(
        request,
        "accounts/landing.html",
        {"fees": fees, "decision_days": settings.ERESIDENCY_DECISION_DAYS},
    )
