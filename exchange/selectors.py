from __future__ import annotations

from typing import Any

from django.db import models

from exchange.models import AccessLogEntry


def accesses_to(person: Any) -> models.QuerySet[AccessLogEntry]:
    """Who read this person's data, newest first."""
    return AccessLogEntry.objects.filter(person=person).select_related("reader").order_by("-at")
