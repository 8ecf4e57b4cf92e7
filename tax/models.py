"""The tax board's records: taxpayer accounts, the people a company pays, VAT registration,
accountants' mandates and filed returns (immutable snapshots, amended by new versions)."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from audit.services import JournaledFSMModel
from tax.constants import (
    MandateState,
    ReturnKind,
    ReturnSource,
    ReturnState,
    SignerRole,
    VatApplicationKind,
    VatApplicationState,
)


class TaxpayerAccount(models.Model):
    """A taxpayer, keyed by the business register's registry code, with its prepayment
    account's reference number (one per taxpayer, Taxation Act; fact sheet §3.5)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registry_code = models.CharField(_("registry code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    reference_number = models.CharField(_("prepayment reference number"), max_length=20, unique=True)
    vat_number = models.CharField(_("VAT number"), max_length=11, unique=True, null=True, blank=True)
    vat_registered_on = models.DateField(_("VAT registered from"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("taxpayer account")
        ordering = ["registry_code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.registry_code})"

    @property
    def journal_public_id(self) -> str:
        return self.registry_code

    @property
    def vat_registered(self) -> bool:
        return bool(self.vat_number)


class CompanyPerson(models.Model):
    """Someone the company pays: an Estonian personal code, or a foreign identifier and
    country; residency, funded pension rate, and whether they applied for the exemption."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(TaxpayerAccount, on_delete=models.PROTECT, related_name="people")
    given_names = models.CharField(_("given names"), max_length=100)
    surname = models.CharField(_("surname"), max_length=100)
    personal_code = models.CharField(_("Estonian personal code"), max_length=11, blank=True)
    foreign_id = models.CharField(_("foreign identifier"), max_length=40, blank=True)
    country = models.CharField(_("country of residence"), max_length=2, default="EE")
    tax_resident = models.BooleanField(_("Estonian tax resident"), default=True)
    pension_rate = models.DecimalField(_("funded pension rate (%)"), max_digits=4, decimal_places=2, default=2)
    basic_exemption = models.BooleanField(_("applied for the basic exemption here"), default=False)
    board_member = models.BooleanField(_("board member (from the register)"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person paid")
        ordering = ["surname", "given_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "personal_code"], condition=~Q(personal_code=""), name="tax_person_code_once"
            ),
            models.CheckConstraint(
                condition=~Q(personal_code="") | ~Q(foreign_id=""), name="tax_person_has_an_identifier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.surname}"


class VatApplication(JournaledFSMModel):
    """An application for VAT registration: mandatory once taxable supplies since 1 January
    pass the threshold (due within 3 working days), or voluntary."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(TaxpayerAccount, on_delete=models.PROTECT, related_name="vat_applications")
    kind = models.CharField(_("kind"), max_length=20, choices=VatApplicationKind.choices)
    threshold_passed_on = models.DateField(_("threshold passed on"), null=True, blank=True)
    supplies_to_date = models.DecimalField(
        _("taxable supplies since 1 January"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    due_by = models.DateField(_("application due by"), null=True, blank=True)
    state = FSMField(default=VatApplicationState.SUBMITTED, choices=VatApplicationState.choices, protected=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("VAT registration application")
        ordering = ["-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=Q(state="submitted"), name="tax_one_open_vat_application"
            )
        ]

    @property
    def late(self) -> bool:
        return bool(self.due_by and self.applied_at and self.applied_at.date() > self.due_by)

    @transition(field=state, source=VatApplicationState.SUBMITTED, target=VatApplicationState.APPROVED)
    def approve(self, *, decided_at) -> None:
        self.decided_at = decided_at

    @transition(field=state, source=VatApplicationState.SUBMITTED, target=VatApplicationState.REFUSED)
    def refuse(self, *, decided_at) -> None:
        self.decided_at = decided_at


class Mandate(JournaledFSMModel):
    """A board member's authorisation for an accountant to sign and file the company's
    returns, for a term; revoked by a board member."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(TaxpayerAccount, on_delete=models.PROTECT, related_name="mandates")
    accountant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tax_mandates")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    state = FSMField(default=MandateState.ACTIVE, choices=MandateState.choices, protected=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("accountant's mandate")
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="tax_mandate_term")
        ]

    def in_force(self, on: date) -> bool:
        return self.state == MandateState.ACTIVE and self.valid_from <= on <= self.valid_to

    @transition(field=state, source=MandateState.ACTIVE, target=MandateState.REVOKED)
    def revoke(self, *, revoked_at) -> None:
        self.revoked_at = revoked_at


def return_upload_to(instance: models.Model, filename: str) -> str:
    return f"tax/returns/{uuid.uuid4().hex}.pdf"


class ImmutableReturn(Exception):
    pass


class TaxReturn(JournaledFSMModel):
    """A return as filed: the request, the computed result and the rules used are a snapshot
    that never changes. Filing again for the same company, kind and period makes a new
    version that supersedes this one (which stays, marked superseded)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(TaxpayerAccount, on_delete=models.PROTECT, related_name="returns")
    kind = models.CharField(_("kind"), max_length=3, choices=ReturnKind.choices)
    period = models.CharField(_("period"), max_length=7)
    version = models.PositiveIntegerField(_("version"), default=1)
    state = FSMField(default=ReturnState.DRAFT, choices=ReturnState.choices, protected=True)
    source = models.CharField(_("filed from"), max_length=10, choices=ReturnSource.choices)
    request = models.JSONField(_("lines as filed"))
    result = models.JSONField(_("computed return"))
    rules_digest = models.CharField(max_length=64)
    due_date = models.DateField(_("due date"))
    total_to_pay = models.DecimalField(_("total to pay"), max_digits=14, decimal_places=2)
    vat_refundable = models.DecimalField(_("VAT refundable"), max_digits=14, decimal_places=2, default=0)
    canonical_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(_("signed return"), upload_to=return_upload_to)
    receipt = models.FileField(_("receipt"), upload_to=return_upload_to, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_role = models.CharField(max_length=20, choices=SignerRole.choices)
    submitted_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        verbose_name = _("tax return")
        ordering = ["-period", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["account", "kind", "period", "version"], name="tax_return_version_once"),
            models.UniqueConstraint(
                fields=["account", "kind", "period"], condition=Q(state="submitted"), name="tax_one_filed_return"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} v{self.version}"

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._loaded_state = obj.state
        return obj

    def save(self, *args, **kwargs):
        # A filed return is a snapshot: after submission only its state (superseded) and the
        # receipt may be written.
        if getattr(self, "_loaded_state", ReturnState.DRAFT) != ReturnState.DRAFT:
            allowed = {"state", "receipt"}
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= allowed:
                raise ImmutableReturn(f"Return {self.code} was filed and cannot be changed.")
        super().save(*args, **kwargs)
        self._loaded_state = self.state

    @transition(field=state, source=ReturnState.DRAFT, target=ReturnState.SUBMITTED)
    def submit(self, *, submitted_at) -> None:
        self.submitted_at = submitted_at

    @transition(field=state, source=ReturnState.SUBMITTED, target=ReturnState.SUPERSEDED)
    def supersede(self) -> None:
        pass
