"""The access log: one row for every read of a person's data by an official or an agency."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Who read: a signed-in official (with the role they held then) or a consuming agency.
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="data_reads",
    )
    reader_role = models.CharField(_("reader's role"), max_length=30, blank=True)
    consumer = models.CharField(_("consuming agency"), max_length=100, blank=True)
    # Whose data: the person the data is about.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="data_read_by_others",
    )
    person_ref = models.CharField(_("person reference"), max_length=100, blank=True)
    what = models.CharField(_("what was read"), max_length=200)
    record_type = models.CharField(_("record type"), max_length=100, blank=True)
    record_id = models.CharField(_("record id"), max_length=100, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at"]
        indexes = [models.Index(fields=["person", "-at"], name="access_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reader__isnull=True, consumer=""), name="access_has_reader_or_consumer"
            ),
            models.CheckConstraint(condition=~models.Q(person__isnull=True, person_ref=""), name="access_has_person"),
        ]

    def __str__(self) -> str:
        who = self.consumer or self.reader_role
        return f"{self.at:%Y-%m-%d %H:%M} {who} read {self.what}"
