from __future__ import annotations

from django.db import models

from audit.models import JournalEntry
from audit.services import subject_of


def journal_for(obj: models.Model) -> models.QuerySet[JournalEntry]:
    """The journal of one case, oldest first."""
    subject_type, subject_id = subject_of(obj)
    return JournalEntry.objects.for_subject(subject_type, subject_id).select_related("actor").order_by("seq")


def recent_entries(*, limit: int = 50) -> models.QuerySet[JournalEntry]:
    return JournalEntry.objects.select_related("actor").order_by("-seq")[:limit]
