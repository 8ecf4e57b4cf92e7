"""Tax board pages. Public: the rules with their history and references."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tax import selectors


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
