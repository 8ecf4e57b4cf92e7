"""Panels on the role home pages (registered in ``PaymentsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from payments import selectors


def payer_panel(request: HttpRequest) -> dict[str, Any]:
    return {"payments": list(selectors.payments_of(request.user)[:5])}


def operations_panel(request: HttpRequest) -> dict[str, Any]:
    return selectors.operations_counts()
