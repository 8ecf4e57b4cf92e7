"""The journal: one append-only, hash-chained row per state change in the system."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.exceptions import JournalImmutable


class JournalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalImmutable(_("Journal entries cannot be changed."))

    def delete(self):
        raise JournalImmutable(_("Journal entries cannot be deleted."))

    def for_subject(self, subject_type: str, subject_id: str) -> JournalQuerySet:
        return self.filter(subject_type=subject_type, subject_id=str(subject_id))


class JournalEntry(models.Model):
    """One fact: who did what to which case, from which state to which, and why.

    ``entry_hash`` covers every other column and ``prev_hash``, so changing, removing or
    reordering any row breaks the chain from that row on (``manage.py verify_journal``).
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("time"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journal_entries",
    )
    # Name of a non-human actor ("system", "stripe", "task:screening") or a snapshot of the
    # user's e-mail at the time, so the entry reads the same after an account changes.
    actor_label = models.CharField(_("actor label"), max_length=200)
    action = models.CharField(_("action"), max_length=100)
    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.CharField(_("subject id"), max_length=100)
    from_state = models.CharField(_("from state"), max_length=50, blank=True)
    to_state = models.CharField(_("to state"), max_length=50, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = JournalQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["seq"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "seq"], name="journal_subject_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject_type}:{self.subject_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalImmutable(_("Journal entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalImmutable(_("Journal entries cannot be deleted."))


class JournalHead(models.Model):
    """A single row that every append locks, so appends are strictly sequential."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("journal head")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class JournalAnchor(models.Model):
    """The journal's head hash at one moment, time-stamped by the TSA and published.

    ``manage.py verify_journal`` checks the chain against every anchor (and against a
    published copy given with ``--anchors``), so rewriting the database and the chain
    together is caught: the rewritten chain no longer reaches the anchored hashes, and a
    new anchor cannot be back-dated without the TSA's key."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    head_hash = models.CharField(_("head hash"), max_length=64, editable=False)
    anchored_at = models.DateTimeField(_("time-stamped at"), editable=False)
    token = models.BinaryField(_("time-stamp response (RFC 3161)"), editable=False)

    class Meta:
        verbose_name = _("journal anchor")
        verbose_name_plural = _("journal anchors")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"anchor #{self.seq} {self.head_hash[:12]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalImmutable(_("Journal anchors cannot be changed."))
        super().save(*args, **kwargs)
