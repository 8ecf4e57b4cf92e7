"""Home-page panels of the exchange: the person's reads, the DPO's findings, the members."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from accounts.home import journal_cached
from exchange.constants import MemberState
from exchange.models import AccessLogEntry, Member


def person_panel(request: HttpRequest) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=30)
    return {
        "recent": AccessLogEntry.objects.filter(person=request.user, at__gte=since).count(),
        "memberships": list(Member.objects.filter(contact=request.user).order_by("name")),
    }


@journal_cached(per_user=False)  # members are applied and approved through the journal
def oversight_panel(request: HttpRequest) -> dict[str, Any]:
    return {
        "applied": Member.objects.filter(state=MemberState.APPLIED).count(),
        "role": request.user.role,
    }
