"""The e-resident's digital ID: personal codes, the card's life, its PIN envelope, pick-up
slots, changes of pick-up point, revocation requests and renewals."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from audit.services import JournaledFSMModel
from core.countries import COUNTRY_CHOICES
from digital_id.constants import (
    OPEN_RENEWAL_STATES,
    ChangeStatus,
    ExpiryReason,
    HolderRevocationReason,
    IdState,
    RenewalKind,
    RenewalState,
    RequestStatus,
    RevocationChoice,
)
from eresidency.constants import DocumentType, Sex


class PersonalCodeCounter(models.Model):
    """The last serial handed out for one birth date and century/sex digit.

    Allocation locks this row (``SELECT … FOR UPDATE``), so two approvals for people born on
    the same day and of the same sex take turns; the unique code constraint is the backstop.
    """

    birth_date = models.DateField(_("birth date"))
    digit = models.PositiveSmallIntegerField(_("century and sex digit"))
    last_serial = models.PositiveSmallIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("personal code counter")
        verbose_name_plural = _("personal code counters")
        constraints = [models.UniqueConstraint(fields=["birth_date", "digit"], name="did_counter_once")]

    def __str__(self) -> str:
        return f"{self.digit} {self.birth_date:%y%m%d}: {self.last_serial}"


class PersonalCode(models.Model):
    """An e-resident's Estonian personal identification code: one per person, for life."""

    code = models.CharField(_("personal identification code"), max_length=11, unique=True)
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="personal_code"
    )
    birth_date = models.DateField(_("birth date"))
    digit = models.PositiveSmallIntegerField(_("century and sex digit"))
    serial = models.PositiveSmallIntegerField(_("serial"))
    allocated_at = models.DateTimeField(_("allocated"), default=timezone.now)

    class Meta:
        verbose_name = _("personal identification code")
        verbose_name_plural = _("personal identification codes")
        constraints = [
            models.UniqueConstraint(fields=["birth_date", "digit", "serial"], name="did_code_serial_once"),
        ]

    def __str__(self) -> str:
        return self.code


class DigitalId(JournaledFSMModel):
    """One e-resident's card: ordered on approval, made, sent to the pick-up point, handed over
    in person, then active until it is suspended, revoked or expires."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    document_number = models.CharField(_("document number"), max_length=8, unique=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="digital_ids"
    )
    personal_code = models.ForeignKey(
        PersonalCode, verbose_name=_("personal code"), on_delete=models.PROTECT, related_name="digital_ids"
    )
    application = models.OneToOneField(
        "eresidency.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="digital_id",
    )
    renewal = models.OneToOneField(
        "digital_id.Renewal",
        verbose_name=_("renewal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="new_digital_id",
    )
    previous = models.ForeignKey(
        "self", verbose_name=_("replaces"), on_delete=models.PROTECT, null=True, blank=True, related_name="successors"
    )
    state = FSMField(_("state"), default=IdState.ORDERED, choices=IdState.choices, db_index=True, protected=True)

    # Personal data and the travel document, as approved (checked again at pick-up).
    given_names = models.CharField(_("given names"), max_length=30)
    surname = models.CharField(_("surname"), max_length=28)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(_("citizenship"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    travel_document_type = models.CharField(_("travel document type"), max_length=10, choices=DocumentType.choices)
    travel_document_number = models.CharField(_("travel document number"), max_length=20)
    travel_document_country = models.CharField(_("issuing country"), max_length=2, choices=COUNTRY_CHOICES)
    travel_document_expiry = models.DateField(_("travel document valid until"), null=True, blank=True)

    pickup_location = models.ForeignKey(
        "eresidency.PickupLocation", verbose_name=_("pick-up location"), on_delete=models.PROTECT, related_name="+"
    )

    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now)
    manufactured_at = models.DateTimeField(_("made"), null=True, blank=True)
    manufacture_error = models.TextField(_("last manufacturing error"), blank=True)
    arrived_at = models.DateTimeField(_("arrived at the pick-up point"), null=True, blank=True)
    pickup_deadline = models.DateField(_("collect by"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fingerprints_taken_at = models.DateTimeField(_("fingerprints taken"), null=True, blank=True)
    presented_document = models.JSONField(_("travel document presented"), default=dict, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True, db_index=True)

    credential = models.OneToOneField(
        "trust.Credential", verbose_name=_("keys"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    auth_certificate = models.OneToOneField(
        "trust.Certificate",
        verbose_name=_("authentication certificate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signing_certificate = models.OneToOneField(
        "trust.Certificate",
        verbose_name=_("signing certificate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=30, choices=RevocationChoice.choices, blank=True
    )
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    expiry_reason = models.CharField(_("expiry reason"), max_length=20, choices=ExpiryReason.choices, blank=True)
    renewal_invited_on = models.DateField(_("invited to renew on"), null=True, blank=True)

    class Meta:
        verbose_name = _("digital ID")
        verbose_name_plural = _("digital IDs")
        ordering = ["-ordered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document_number__regex=r"^N[0-9]{7}$"), name="did_document_number_format"
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "-ordered_at"], name="did_holder_idx"),
            models.Index(fields=["state", "pickup_deadline"], name="did_pickup_deadline_idx"),
            models.Index(fields=["surname", "given_names"], name="did_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} · {self.full_name} · {self.get_state_display()}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname) if p)

    # --- Transitions (run only through audit.services.transition) ---------------------

    @transition(field=state, source=IdState.ORDERED, target=IdState.MANUFACTURED)
    def manufacture(self, *, at, credential, auth_certificate, signing_certificate, issued_on, expires_on) -> None:
        self.manufactured_at = at
        self.manufacture_error = ""
        self.credential = credential
        self.auth_certificate = auth_certificate
        self.signing_certificate = signing_certificate
        self.issued_on = issued_on
        self.expires_on = expires_on

    @transition(field=state, source=IdState.MANUFACTURED, target=IdState.AT_PICKUP_POINT)
    def deliver(self, *, at, deadline) -> None:
        # Moving the card to another point does not extend the six months (§1.7).
        if self.arrived_at is None:
            self.arrived_at = at
        if self.pickup_deadline is None:
            self.pickup_deadline = deadline

    @transition(field=state, source=IdState.AT_PICKUP_POINT, target=IdState.MANUFACTURED)
    def transfer(self) -> None:
        pass

    @transition(field=state, source=IdState.AT_PICKUP_POINT, target=IdState.ACTIVE)
    def hand_over(self, *, by, at, presented: dict) -> None:
        self.handed_over_by = by
        self.handed_over_at = at
        self.fingerprints_taken_at = at
        self.presented_document = presented

    @transition(field=state, source=IdState.ACTIVE, target=IdState.SUSPENDED)
    def suspend(self, *, at) -> None:
        self.suspended_at = at

    @transition(field=state, source=IdState.SUSPENDED, target=IdState.ACTIVE)
    def resume(self) -> None:
        self.suspended_at = None

    @transition(
        field=state,
        source=[IdState.ORDERED, IdState.MANUFACTURED, IdState.AT_PICKUP_POINT, IdState.ACTIVE, IdState.SUSPENDED],
        target=IdState.REVOKED,
    )
    def revoke(self, *, at, reason_code: str) -> None:
        self.revoked_at = at
        self.revocation_reason = reason_code

    @transition(
        field=state,
        source=[IdState.MANUFACTURED, IdState.AT_PICKUP_POINT, IdState.ACTIVE, IdState.SUSPENDED],
        target=IdState.EXPIRED,
    )
    def expire(self, *, at, cause: str) -> None:
        self.expired_at = at
        self.expiry_reason = cause


class PinEnvelope(models.Model):
    """The sealed PIN envelope of one card, kept only until the card is handed over.

    The codes are never stored in clear: they are encrypted (AES-256-GCM) under a random
    key made for this envelope alone, and that key is stored wrapped under a key-encryption
    key derived from a secret outside the database. At hand-over both the ciphertext and the
    wrapped key are erased in the same transaction that renders the PDF, so the codes then
    exist only on the holder's paper. See ``services.envelope`` for the details.
    """

    digital_id = models.OneToOneField(DigitalId, on_delete=models.PROTECT, related_name="envelope")
    sealed = models.BinaryField(_("encrypted codes"), null=True, blank=True, editable=False)
    wrapped_key = models.BinaryField(_("wrapped envelope key"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    released_at = models.DateTimeField(_("handed out"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    destroyed_reason = models.CharField(_("destroyed because"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("PIN envelope")
        verbose_name_plural = _("PIN envelopes")
        constraints = [
            models.CheckConstraint(
                condition=Q(destroyed_reason="") | (Q(sealed__isnull=True) & Q(wrapped_key__isnull=True)),
                name="did_envelope_erased_when_destroyed",
            ),
        ]

    def __str__(self) -> str:
        return f"PIN envelope of {self.digital_id.document_number}"

    @property
    def available(self) -> bool:
        return self.sealed is not None and self.wrapped_key is not None and not self.destroyed_reason


class LoginChallenge(models.Model):
    """A random challenge for one login: used once, within minutes."""

    digital_id = models.ForeignKey(DigitalId, on_delete=models.CASCADE, related_name="+")
    value = models.BinaryField(_("challenge"), editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("login challenge")
        verbose_name_plural = _("login challenges")

    def __str__(self) -> str:
        return f"challenge {self.pk} ({'used' if self.used_at else 'open'})"


class PickupSlot(models.Model):
    """An appointment time at a pick-up point, for up to ``capacity`` holders."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    location = models.ForeignKey(
        "eresidency.PickupLocation", verbose_name=_("pick-up location"), on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1)

    class Meta:
        verbose_name = _("pick-up slot")
        verbose_name_plural = _("pick-up slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["location", "starts_at"], name="did_slot_once"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="did_slot_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.location} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"


class PickupBooking(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(PickupSlot, on_delete=models.PROTECT, related_name="bookings")
    digital_id = models.ForeignKey(DigitalId, on_delete=models.PROTECT, related_name="bookings")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pick-up booking")
        verbose_name_plural = _("pick-up bookings")
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["digital_id"], condition=Q(cancelled_at__isnull=True), name="did_one_active_booking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.digital_id.document_number} @ {self.slot}"


class PickupChange(JournaledFSMModel):
    """A paid move of the card to another pick-up point (journaled under the card)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    digital_id = models.ForeignKey(DigitalId, on_delete=models.PROTECT, related_name="pickup_changes")
    from_location = models.ForeignKey("eresidency.PickupLocation", on_delete=models.PROTECT, related_name="+")
    to_location = models.ForeignKey("eresidency.PickupLocation", on_delete=models.PROTECT, related_name="+")
    fee_code = models.CharField(_("fee"), max_length=64)
    status = FSMField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.AWAITING_PAYMENT, protected=True
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("change of pick-up point")
        verbose_name_plural = _("changes of pick-up point")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["digital_id"], condition=Q(status="awaiting_payment"), name="did_one_open_pickup_change"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.digital_id.document_number}: {self.from_location} → {self.to_location}"

    @property
    def journal_subject(self) -> DigitalId:
        return self.digital_id

    @transition(field=status, source=ChangeStatus.AWAITING_PAYMENT, target=ChangeStatus.APPLIED)
    def change_apply(self, *, at) -> None:
        self.settled_at = at

    @transition(field=status, source=ChangeStatus.AWAITING_PAYMENT, target=ChangeStatus.NOT_APPLIED)
    def change_too_late(self, *, at) -> None:
        self.settled_at = at

    @transition(field=status, source=ChangeStatus.AWAITING_PAYMENT, target=ChangeStatus.CANCELLED)
    def change_cancel(self) -> None:
        pass


class RevocationRequest(JournaledFSMModel):
    """The holder asks for revocation; the card is suspended at once, an official revokes it.
    Journaled under the card."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    digital_id = models.ForeignKey(DigitalId, on_delete=models.PROTECT, related_name="revocation_requests")
    reason = models.CharField(_("reason"), max_length=30, choices=HolderRevocationReason.choices)
    details = models.TextField(_("details"), blank=True)
    status = FSMField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN, protected=True
    )
    requested_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("revocation request")
        verbose_name_plural = _("revocation requests")
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["digital_id"], condition=Q(status="open"), name="did_one_open_request"),
        ]

    def __str__(self) -> str:
        return f"{self.digital_id.document_number}: {self.get_reason_display()}"

    @property
    def journal_subject(self) -> DigitalId:
        return self.digital_id

    @transition(field=status, source=RequestStatus.OPEN, target=RequestStatus.DONE)
    def request_carry_out(self, *, by, at) -> None:
        self.handled_by, self.handled_at = by, at

    @transition(field=status, source=RequestStatus.OPEN, target=RequestStatus.CLOSED)
    def request_close(self, *, by, at) -> None:
        self.handled_by, self.handled_at = by, at


class Renewal(JournaledFSMModel):
    """A renewal (or replacement) of the digital ID: pre-filled from the current card, the
    state fee again, a lighter check (sanctions lists), then a new card with the same code."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="id_renewals")
    previous = models.ForeignKey(DigitalId, on_delete=models.PROTECT, related_name="renewals")
    kind = models.CharField(_("kind"), max_length=20, choices=RenewalKind.choices)
    state = FSMField(
        _("state"), default=RenewalState.AWAITING_PAYMENT, choices=RenewalState.choices, db_index=True, protected=True
    )
    travel_document_type = models.CharField(_("travel document type"), max_length=10, choices=DocumentType.choices)
    travel_document_number = models.CharField(_("travel document number"), max_length=20)
    travel_document_country = models.CharField(_("issuing country"), max_length=2, choices=COUNTRY_CHOICES)
    travel_document_expiry = models.DateField(_("travel document valid until"))
    pickup_location = models.ForeignKey(
        "eresidency.PickupLocation", verbose_name=_("pick-up location"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    screening = models.JSONField(_("screening result"), default=dict, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("decision reason"), blank=True)

    class Meta:
        verbose_name = _("digital ID renewal")
        verbose_name_plural = _("digital ID renewals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder"],
                condition=Q(state__in=sorted(s.value for s in OPEN_RENEWAL_STATES)),
                name="did_one_open_renewal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_state_display()}"

    @transition(field=state, source=RenewalState.AWAITING_PAYMENT, target=RenewalState.SCREENING)
    def pay(self, *, at) -> None:
        self.paid_at = at

    @transition(field=state, source=RenewalState.SCREENING, target=RenewalState.APPROVED)
    def clear(self, *, at, result: dict) -> None:
        self.screening = result
        self.decided_at = at

    @transition(field=state, source=RenewalState.SCREENING, target=RenewalState.IN_REVIEW)
    def flag(self, *, result: dict) -> None:
        self.screening = result

    @transition(field=state, source=RenewalState.IN_REVIEW, target=RenewalState.APPROVED)
    def approve(self, *, by, at, text: str) -> None:
        self.decided_by = by
        self.decided_at = at
        self.decision_reason = text

    @transition(field=state, source=RenewalState.IN_REVIEW, target=RenewalState.REFUSED)
    def refuse(self, *, by, at, text: str) -> None:
        self.decided_by = by
        self.decided_at = at
        self.decision_reason = text

    @transition(field=state, source=RenewalState.AWAITING_PAYMENT, target=RenewalState.WITHDRAWN)
    def withdraw(self, *, at) -> None:
        self.decided_at = at
