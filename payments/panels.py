"""Panels on the role home pages (registered in ``PaymentsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.home import journal_cached
from payments import selectors


@journal_cached(per_user=True)  # payments are created and move state through the journal
def payer_panel(request: HttpRequest) -> dict[str, Any]:
    return {"payments": list(selectors.payments_of(request.user)[:5])}


def operations_panel(request: HttpRequest) -> dict[str, Any]:
    return selectors.operations_counts()
