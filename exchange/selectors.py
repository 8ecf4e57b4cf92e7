from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from exchange.constants import AgreementState
from exchange.models import AccessLogEntry, Agreement, Member, UsageMeter


def accesses_to(person: Any) -> models.QuerySet[AccessLogEntry]:
    """Who read this person's data, newest first."""
    return (
        AccessLogEntry.objects.filter(person=person)
        .select_related("reader", "agreement", "member")
        .order_by("-at", "-id")
    )


def active_agreements_of(member: Member) -> models.QuerySet[Agreement]:
    from exchange.services.query import tallinn_today

    today = tallinn_today()
    return (
        Agreement.objects.filter(consumer_member=member, state=AgreementState.ACTIVE, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("service_code")
    )


def usage_of(member: Member) -> models.QuerySet[UsageMeter]:
    return UsageMeter.objects.filter(member=member).order_by("-month", "service_code")


def journal_anchors() -> models.QuerySet:
    from audit.models import JournalAnchor

    return JournalAnchor.objects.order_by("-seq")
