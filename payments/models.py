"""Fees as dated data, payments, provider events, settlement hand-offs and refunds."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from audit.services import JournaledFSMModel
from payments.constants import (
    CURRENCY,
    OPEN_OR_PAID_STATUSES,
    EventOutcome,
    FeeCode,
    FeeVariant,
    HandoffStatus,
    PaymentStatus,
    Provider,
    RefundStatus,
)

S = PaymentStatus


class Fee(models.Model):
    """One version of a fee: the amount valid from ``valid_from`` to ``valid_to`` (inclusive).

    A fee is never changed in place: a new amount is a new row, and the old one is closed
    the day before (``manage.py fee_version``). A payment points at the row it charged.
    """

    code = models.CharField(_("fee"), max_length=64, choices=FeeCode.choices)
    variant = models.CharField(_("variant"), max_length=32, choices=FeeVariant.choices, default="", blank=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until (inclusive)"), null=True, blank=True)
    legal_reference = models.TextField(_("legal reference"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("fee version")
        verbose_name_plural = _("fee versions")
        ordering = ["code", "variant", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "variant", "valid_from"], name="payments_fee_unique_start"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_fee_amount_positive"),
            models.CheckConstraint(condition=Q(currency=CURRENCY), name="payments_fee_currency_eur"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="payments_fee_valid_range",
            ),
        ]

    def __str__(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "…"
        variant = f" [{self.variant}]" if self.variant else ""
        return f"{self.code}{variant} €{self.amount} ({self.valid_from.isoformat()} – {until})"


def _receipt_name(instance: Payment, filename: str) -> str:
    # Receipts carry personal data: an unguessable name even if the store is ever exposed.
    return f"private/payments/receipts/{instance.code}-{secrets.token_hex(8)}.pdf"


class Payment(JournaledFSMModel):
    """One attempt to pay one amount for one thing (``purpose`` + ``reference``)."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("payer"), on_delete=models.PROTECT, related_name="payments"
    )
    purpose = models.CharField(_("purpose"), max_length=64)
    reference = models.CharField(_("reference"), max_length=100)
    description = models.CharField(_("description"), max_length=200)
    fee = models.ForeignKey(Fee, verbose_name=_("fee version"), null=True, blank=True, on_delete=models.PROTECT)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    status = FSMField(_("status"), default=S.CREATED, choices=S.choices, protected=True)
    provider_session_id = models.CharField(_("checkout session"), max_length=255, blank=True, default="")
    provider_payment_intent = models.CharField(_("payment intent"), max_length=255, blank=True, default="")
    # A provider URL (https) or, for the local imitation, a path on this site.
    checkout_url = models.CharField(_("checkout address"), max_length=2000, blank=True, default="")
    return_url = models.CharField(_("return address"), max_length=500, blank=True, default="")
    cancel_url = models.CharField(_("cancel address"), max_length=500, blank=True, default="")
    refunded_amount = models.DecimalField(_("refunded amount"), max_digits=10, decimal_places=2, default=Decimal("0"))
    needs_attention = models.BooleanField(_("needs an administrator"), default=False)
    attention_reason = models.TextField(_("why it needs attention"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_on = models.DateField(_("fee date (Tallinn)"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    succeeded_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    receipt_file = models.FileField(_("receipt"), upload_to=_receipt_name, blank=True, default="")
    receipt_sealed = models.BooleanField(_("receipt sealed"), default=False)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]
        constraints = [
            # The last line against paying twice: a double-click, two tabs or two workers
            # can never leave two open-or-paid payments for the same thing.
            models.UniqueConstraint(
                fields=["purpose", "reference"],
                condition=Q(status__in=sorted(s.value for s in OPEN_OR_PAID_STATUSES)),
                name="payments_one_open_or_paid_per_reference",
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_session_id"],
                condition=~Q(provider_session_id=""),
                name="payments_unique_session",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_amount_positive"),
            models.CheckConstraint(condition=Q(currency=CURRENCY), name="payments_currency_eur"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=models.F("amount")),
                name="payments_refund_within_amount",
            ),
            models.CheckConstraint(condition=Q(status__in=S.values), name="payments_status_valid"),
            models.CheckConstraint(condition=Q(provider__in=Provider.values), name="payments_provider_valid"),
        ]
        indexes = [
            models.Index(fields=["payer", "-created_at"], name="payments_payer_idx"),
            models.Index(fields=["purpose", "reference"], name="payments_subject_idx"),
            models.Index(fields=["provider_payment_intent"], name="payments_intent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose}:{self.reference} €{self.amount} ({self.status})"

    @property
    def amount_minor(self) -> int:
        """The amount in cents, as providers count it."""
        return int((self.amount * 100).to_integral_value())

    @property
    def is_open(self) -> bool:
        return self.status in {S.CREATED, S.PENDING}

    @property
    def is_settled(self) -> bool:
        return self.status in {S.SUCCEEDED, S.PARTIALLY_REFUNDED, S.REFUNDED}

    @property
    def refundable_amount(self) -> Decimal:
        return self.amount - self.refunded_amount

    # --- transitions: run only through audit.services.transition ---------------------

    @transition(field=status, source=S.CREATED, target=S.PENDING)
    def start(self) -> None:
        """The provider opened a checkout for this payment."""

    @transition(field=status, source=[S.CREATED, S.PENDING], target=S.SUCCEEDED)
    def succeed(self) -> None:
        self.succeeded_at = timezone.now()

    @transition(field=status, source=[S.CREATED, S.PENDING], target=S.FAILED)
    def fail(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=status, source=[S.CREATED, S.PENDING], target=S.EXPIRED)
    def expire(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=status, source=[S.SUCCEEDED, S.PARTIALLY_REFUNDED], target=S.PARTIALLY_REFUNDED)
    def refund_partially(self) -> None:
        """Part of the amount went back to the payer (``refunded_amount`` says how much)."""

    @transition(field=status, source=[S.SUCCEEDED, S.PARTIALLY_REFUNDED], target=S.REFUNDED)
    def refund(self) -> None:
        self.closed_at = timezone.now()


class WebhookEvent(models.Model):
    """Each provider event, stored once: a replayed event id finds its row and does nothing."""

    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    event_id = models.CharField(_("event id"), max_length=255)
    event_type = models.CharField(_("event type"), max_length=100)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=EventOutcome.choices, default="received")
    detail = models.TextField(_("detail"), blank=True, default="")
    # Only the fields we acted on (ids, amounts, statuses), not the whole payload.
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("provider event")
        verbose_name_plural = _("provider events")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="payments_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id} {self.event_type} → {self.outcome}"

    @property
    def journal_public_id(self) -> str:
        return f"{self.provider}:{self.event_id}"


class SettlementHandoff(JournaledFSMModel):
    """A paid payment whose purpose handler failed: retried in the background until it runs.

    The payment stays paid whatever happens here; this row is what an administrator sees.
    """

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    payment = models.OneToOneField(Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="handoff")
    purpose = models.CharField(_("purpose"), max_length=64)
    status = FSMField(_("status"), default=HandoffStatus.PENDING, choices=HandoffStatus.choices, protected=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("settlement hand-off")
        verbose_name_plural = _("settlement hand-offs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=HandoffStatus.values), name="payments_handoff_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} for {self.payment.code} ({self.status}, {self.attempts} attempts)"

    @transition(field=status, source=[HandoffStatus.PENDING, HandoffStatus.FAILED], target=HandoffStatus.DONE)
    def complete(self) -> None:
        self.done_at = timezone.now()

    @transition(field=status, source=HandoffStatus.PENDING, target=HandoffStatus.FAILED)
    def give_up(self) -> None:
        """Automatic retries are used up; an administrator can retry by hand."""

    @transition(field=status, source=HandoffStatus.FAILED, target=HandoffStatus.PENDING)
    def reopen(self) -> None:
        """An administrator asked for another round of retries."""


class Refund(JournaledFSMModel):
    """One request to give (part of) a paid amount back, as sent to the provider."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    payment = models.ForeignKey(Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    reason = models.TextField(_("reason"))
    status = FSMField(_("status"), default=RefundStatus.REQUESTED, choices=RefundStatus.choices, protected=True)
    provider_refund_id = models.CharField(_("provider refund id"), max_length=255, blank=True, default="")
    error = models.TextField(_("error"), blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_refund_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=RefundStatus.values), name="payments_refund_status_valid"),
        ]

    def __str__(self) -> str:
        return f"€{self.amount} of {self.payment.code} ({self.status})"

    @transition(field=status, source=RefundStatus.REQUESTED, target=RefundStatus.SUCCEEDED)
    def confirm(self) -> None:
        self.completed_at = timezone.now()

    @transition(field=status, source=RefundStatus.REQUESTED, target=RefundStatus.FAILED)
    def reject(self) -> None:
        self.completed_at = timezone.now()
