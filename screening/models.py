"""Sanctions lists, their loaded versions, and the entries and names of each version.

A version is immutable once loaded: a new file makes a new version, and the list's
``current_version`` pointer moves to it in the same transaction that stored it, so a
screening sees either the old list or the new one, never half of it. Old versions stay,
because a stored screening result names the version it was screened against.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from audit.services import JournaledFSMModel
from screening.constants import EntryKind, NameKind


class SanctionsList(models.Model):
    slug = models.SlugField(_("identifier"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    format = models.CharField(_("file format"), max_length=50)
    current_version = models.OneToOneField(
        "screening.ListVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="current_of",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sanctions list")
        verbose_name_plural = _("sanctions lists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ListVersion(models.Model):
    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    sanctions_list = models.ForeignKey(
        SanctionsList, verbose_name=_("sanctions list"), on_delete=models.PROTECT, related_name="versions"
    )
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    loaded_by = models.CharField(_("loaded by"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    source_name = models.CharField(_("source file"), max_length=500, blank=True)
    source_sha256 = models.CharField(_("source SHA-256"), max_length=64)
    source_size = models.PositiveBigIntegerField(_("source size (bytes)"), default=0)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    name_count = models.PositiveIntegerField(_("names"), default=0)
    load_seconds = models.FloatField(_("load time (s)"), default=0)
    # Counts per entry kind, parse warnings, unmapped country names.
    stats = models.JSONField(_("statistics"), default=dict, blank=True)

    class Meta:
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")
        ordering = ["-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sanctions_list", "source_sha256"], name="screening_version_unique_file")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "OFAC SDN 2024-05-03 (sha 0123456789ab)": the list, its date, and the file's hash."""
        day = self.published_on or timezone.localdate(self.loaded_at)
        return f"{self.sanctions_list.name} {day.isoformat()} (sha {self.source_sha256[:12]})"

    @property
    def is_current(self) -> bool:
        return self.sanctions_list.current_version_id == self.pk


class Entry(models.Model):
    version = models.ForeignKey(
        ListVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="entries"
    )
    source_id = models.CharField(_("id in the list"), max_length=50)
    uid = models.CharField(_("entry id"), max_length=100, db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=EntryKind.choices)
    primary_name = models.CharField(_("name"), max_length=500)
    title = models.TextField(_("title"), blank=True)
    programs = models.JSONField(_("programmes"), default=list, blank=True)
    # [{"text", "start", "end", "precision", "circa"}] as parsed by screening.loaders.dates.
    dates_of_birth = models.JSONField(_("dates of birth"), default=list, blank=True)
    places_of_birth = models.JSONField(_("places of birth"), default=list, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    citizenships = models.JSONField(_("citizenships"), default=list, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "source_id"], name="screening_entry_unique_in_version")
        ]

    def __str__(self) -> str:
        return f"{self.uid} {self.primary_name}"


class EntryName(models.Model):
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="names")
    # Denormalised so the index loads a version's names with one indexed query.
    version = models.ForeignKey(ListVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name as listed"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=NameKind.choices)
    normalised = models.CharField(_("normalised"), max_length=500, blank=True, db_index=True)

    class Meta:
        verbose_name = _("listed name")
        verbose_name_plural = _("listed names")
        ordering = ["entry", "id"]

    def __str__(self) -> str:
        return self.name


class Rescreen(JournaledFSMModel):
    """Re-screening every registered subject after a new list version loaded, with progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(
        ListVersion, verbose_name=_("new list version"), on_delete=models.PROTECT, related_name="rescreens"
    )
    previous_version = models.ForeignKey(
        ListVersion,
        verbose_name=_("previous list version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = FSMField(_("state"), default=State.QUEUED, choices=State.choices, protected=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    changed_entries = models.PositiveIntegerField(_("new or changed entries"), default=0)
    total = models.PositiveIntegerField(_("people to screen"), default=0)
    done = models.PositiveIntegerField(_("people screened"), default=0)
    alerts_created = models.PositiveIntegerField(_("new hits"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("re-screening")
        verbose_name_plural = _("re-screenings")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.version} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @transition(field=state, source=[State.QUEUED, State.FAILED], target=State.RUNNING)
    def start(self) -> None:
        self.started_at = timezone.now()
        self.error = ""

    @transition(field=state, source=State.RUNNING, target=State.DONE)
    def finish(self) -> None:
        self.finished_at = timezone.now()

    @transition(field=state, source=[State.QUEUED, State.RUNNING], target=State.FAILED)
    def fail(self, error: str = "") -> None:
        self.finished_at = timezone.now()
        self.error = error[:2000]


class ScreeningAlert(JournaledFSMModel):
    """A new hit found by a re-screen, for an official to clear or confirm.

    One per (source, subject, listed entry): a later version listing the same entry again
    adds nothing.
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLEARED = "cleared", _("cleared (not the listed person)")
        CONFIRMED = "confirmed", _("confirmed")

    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(_("source"), max_length=50)
    subject_key = models.CharField(_("subject"), max_length=200)
    subject_label = models.CharField(_("name"), max_length=300, blank=True)
    entry_uid = models.CharField(_("list entry"), max_length=150)
    version = models.ForeignKey(ListVersion, verbose_name=_("list version"), on_delete=models.PROTECT, related_name="+")
    rescreen = models.ForeignKey(
        Rescreen,
        verbose_name=_("re-screening"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    score = models.FloatField(_("score"), default=0.0)
    hit = models.JSONField(_("hit"), default=dict)
    state = FSMField(_("state"), default=State.OPEN, choices=State.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.CharField(_("resolved by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("screening alert")
        verbose_name_plural = _("screening alerts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "subject_key", "entry_uid"], name="screening_alert_once_per_subject_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_label} ~ {self.entry_uid}"

    @transition(field=state, source=State.OPEN, target=State.CLEARED)
    def clear(self, by: str = "") -> None:
        self.resolved_at = timezone.now()
        self.resolved_by = by[:200]

    @transition(field=state, source=State.OPEN, target=State.CONFIRMED)
    def confirm(self, by: str = "") -> None:
        self.resolved_at = timezone.now()
        self.resolved_by = by[:200]
