"""Reads: which list versions are current, and entries by their public id."""

from __future__ import annotations

from django.db.models import QuerySet

from screening.models import Entry, ListVersion, Rescreen, SanctionsList, ScreeningAlert


def current_versions() -> list[ListVersion]:
    """The current version of every list that has one, by list name."""
    return list(
        ListVersion.objects.filter(current_of__isnull=False)
        .select_related("sanctions_list")
        .order_by("sanctions_list__name", "id")
    )


def current_version_keys() -> tuple[tuple[int, str], ...]:
    """(id, code) of every current version: cheap, to tell whether the index is stale."""
    rows = SanctionsList.objects.filter(current_version__isnull=False).values_list(
        "current_version_id", "current_version__code"
    )
    return tuple(sorted((pk, str(code)) for pk, code in rows))


def versions_of(sanctions_list: SanctionsList) -> QuerySet[ListVersion]:
    return sanctions_list.versions.select_related("sanctions_list").order_by("-loaded_at", "-id")


def list_by_slug(slug: str) -> SanctionsList | None:
    return SanctionsList.objects.select_related("current_version").filter(slug=slug).first()


def entry_by_uid(uid: str, *, version_id: int | None = None) -> Entry | None:
    """The entry with that public id, in the given version or else the current one."""
    entries = Entry.objects.select_related("version__sanctions_list").prefetch_related("names").filter(uid=uid)
    if version_id is not None:
        return entries.filter(version_id=version_id).first()
    return entries.filter(version__current_of__isnull=False).first()


def open_alerts(*, source: str = "") -> QuerySet[ScreeningAlert]:
    """Alerts from re-screens that no official has resolved yet (of one source, or all)."""
    alerts = ScreeningAlert.objects.filter(state=ScreeningAlert.State.OPEN).select_related("version__sanctions_list")
    return alerts.filter(source=source) if source else alerts


def latest_rescreens(limit: int = 10) -> list[Rescreen]:
    """The most recent re-screens with their progress, newest first."""
    return list(Rescreen.objects.select_related("version__sanctions_list").order_by("-created_at", "-id")[:limit])
