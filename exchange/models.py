"""The data exchange layer: members, agreements, the access log, the message log and metering."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from audit.services import JournaledFSMModel
from exchange.constants import AgreementState, MemberState


class Member(JournaledFSMModel):
    """An external member (a bank, say) that reaches agency services through the member API."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    registry_code = models.CharField(_("registry code"), max_length=40)
    country = models.CharField(_("country"), max_length=2, default="EE")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        related_name="exchange_memberships",
    )
    state = FSMField(_("state"), default=MemberState.APPLIED, choices=MemberState.choices, protected=True)
    application = models.OneToOneField(
        "oauth2_provider.Application",
        verbose_name=_("OAuth2 client"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_member",
    )
    rate_limit = models.CharField(_("rate limit"), max_length=30, blank=True, help_text=_("e.g. 600/minute"))
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["country", "registry_code"], name="member_registry_once")]

    def __str__(self) -> str:
        return self.name

    @transition(field=state, source=MemberState.APPLIED, target=MemberState.APPROVED)
    def approve(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=state, source=MemberState.APPLIED, target=MemberState.REFUSED)
    def refuse(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=state, source=MemberState.APPROVED, target=MemberState.SUSPENDED)
    def suspend(self) -> None:
        pass

    @transition(field=state, source=MemberState.SUSPENDED, target=MemberState.APPROVED)
    def reinstate(self) -> None:
        pass


class Agreement(JournaledFSMModel):
    """Who may ask which service of whom, for which fields, why, on what legal basis, and
    which official answers for it on each side (the pairwise principle of X-Road)."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    service_code = models.CharField(_("service"), max_length=100, db_index=True)
    service_version = models.CharField(_("service version"), max_length=20)
    provider = models.CharField(_("provider agency"), max_length=40)
    consumer_agency = models.CharField(_("consuming agency"), max_length=40, blank=True)
    consumer_member = models.ForeignKey(
        Member,
        verbose_name=_("consuming member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    fields = models.JSONField(_("fields granted"), default=list)
    purpose = models.CharField(_("purpose"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    provider_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible official (provider)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    consumer_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible official (consumer)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    state = FSMField(_("state"), default=AgreementState.DRAFT, choices=AgreementState.choices, protected=True)
    document = models.BinaryField(_("agreement document (PDF)"), blank=True, editable=False)
    provider_signed_at = models.DateTimeField(_("signed by the provider"), null=True, blank=True)
    consumer_signed_at = models.DateTimeField(_("signed by the consumer"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(consumer_agency="") & models.Q(consumer_member__isnull=False))
                | (~models.Q(consumer_agency="") & models.Q(consumer_member__isnull=True)),
                name="agreement_one_consumer",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="agreement_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["service_code", "state"], name="agreement_service_state_idx")]

    def __str__(self) -> str:
        return f"{self.service_code} → {self.consumer_label}"

    @property
    def consumer_label(self) -> str:
        if self.consumer_member_id:
            return self.consumer_member.name
        from exchange.registry import AGENCIES

        return str(AGENCIES.get(self.consumer_agency, self.consumer_agency))

    @property
    def provider_label(self) -> str:
        from exchange.registry import AGENCIES

        return str(AGENCIES.get(self.provider, self.provider))

    def fully_signed(self) -> bool:
        return bool(self.document and self.provider_signed_at and self.consumer_signed_at)

    @transition(field=state, source=AgreementState.DRAFT, target=AgreementState.ACTIVE, conditions=[fully_signed])
    def activate(self) -> None:
        self.activated_at = timezone.now()

    @transition(field=state, source=AgreementState.ACTIVE, target=AgreementState.SUSPENDED)
    def suspend(self) -> None:
        pass

    @transition(field=state, source=AgreementState.SUSPENDED, target=AgreementState.ACTIVE)
    def resume(self) -> None:
        pass

    @transition(
        field=state,
        source=[AgreementState.DRAFT, AgreementState.ACTIVE, AgreementState.SUSPENDED],
        target=AgreementState.ENDED,
    )
    def end(self) -> None:
        self.ended_at = timezone.now()


class AccessLogEntry(models.Model):
    """One row for every read of a person's data by an official or an agency."""

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
    # Reads through the exchange also name the service, the fields, the agreement and, for
    # an external member, the member.
    service_code = models.CharField(_("service"), max_length=100, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reads",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="reads"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    consent_reference = models.CharField(_("consent reference"), max_length=200, blank=True)
    message = models.ForeignKey(
        "exchange.MessageLogEntry",
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reads",
    )

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


class MessageBatch(models.Model):
    """A batch of the message log, time-stamped once by the TSA over its manifest."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    manifest = models.TextField(_("manifest"))  # one line per message: id, time, body hash, signature hash
    manifest_sha256 = models.CharField(_("manifest SHA-256"), max_length=64)
    timestamp_token = models.BinaryField(_("time-stamp response (RFC 3161)"))

    class Meta:
        verbose_name = _("message log batch")
        verbose_name_plural = _("message log batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"batch {self.code} ({self.created_at:%Y-%m-%d %H:%M})"


class MessageLogEntry(models.Model):
    """One signed answer of the member API, kept as evidence (X-Road's message log)."""

    code = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="messages")
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="messages"
    )
    service_code = models.CharField(_("service"), max_length=100)
    request_sha256 = models.CharField(_("request SHA-256"), max_length=64)
    body = models.BinaryField(_("response body"))
    signature = models.BinaryField(_("signature (CMS, detached)"))
    batch = models.ForeignKey(
        MessageBatch,
        verbose_name=_("time-stamped batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )

    class Meta:
        verbose_name = _("message log entry")
        verbose_name_plural = _("message log entries")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["member", "at"], name="message_member_at_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.service_code}"


class UsageMeter(models.Model):
    """How many answered queries a member made of one service in one month."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="usage")
    service_code = models.CharField(_("service"), max_length=100)
    month = models.DateField(_("month"))  # the first day of the month, Tallinn time
    count = models.PositiveIntegerField(_("queries"), default=0)

    class Meta:
        verbose_name = _("usage meter")
        verbose_name_plural = _("usage meters")
        ordering = ["-month", "service_code"]
        constraints = [
            models.UniqueConstraint(fields=["member", "service_code", "month"], name="usage_once_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.service_code} {self.month:%Y-%m}: {self.count}"
