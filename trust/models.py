"""Certificates, the CAs that issue them, and the keys held for people behind their PINs.

Private keys of the CAs and services are in the key store (trust.keystore), named by
``key_name``. A person's two private keys are in ``PersonKey`` rows, each encrypted under a
key derived from its PIN (and a second copy under the PUK), then wrapped with the master key.
No PIN or PUK is stored in any form.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from cryptography import x509
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from audit.services import JournaledFSMModel
from trust.constants import MAX_TRIES, CertificateKind, CertificateStatus, KeyRole, RevocationReason


class CertificateAuthority(models.Model):
    """A CA of this deployment: the root or an issuing CA, with its current CRL."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    certificate = models.OneToOneField(
        "trust.Certificate", on_delete=models.PROTECT, null=True, blank=True, related_name="authority"
    )
    key_name = models.CharField(_("key store name"), max_length=120)
    ocsp_responder = models.OneToOneField(
        "trust.Certificate", on_delete=models.PROTECT, null=True, blank=True, related_name="responder_for"
    )
    crl_number = models.PositiveBigIntegerField(_("CRL number"), default=0)
    crl_der = models.BinaryField(_("current CRL"), null=True, blank=True, editable=False)
    crl_this_update = models.DateTimeField(_("CRL this update"), null=True, blank=True)
    crl_next_update = models.DateTimeField(_("CRL next update"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("certification authority")
        verbose_name_plural = _("certification authorities")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name

    @property
    def is_root(self) -> bool:
        return self.parent_id is None


class Certificate(JournaledFSMModel):
    """One X.509 certificate issued by a CA of this deployment."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(CertificateAuthority, on_delete=models.PROTECT, related_name="issued")
    serial_hex = models.CharField(_("serial number (hex)"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    subject = models.CharField(_("subject"), max_length=500)
    common_name = models.CharField(_("common name"), max_length=200, blank=True)
    seal = models.SlugField(_("seal"), max_length=40, blank=True, db_index=True)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    der = models.BinaryField(_("DER"), editable=False)
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    key_name = models.CharField(_("key store name"), max_length=120, blank=True)
    status = FSMField(_("status"), default=CertificateStatus.NEW, choices=CertificateStatus.choices, protected=True)
    held_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=30, choices=RevocationReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("issuer", "serial_hex"), name="trust_certificate_serial_per_issuer"),
        ]
        indexes = [models.Index(fields=("kind", "status"), name="trust_cert_kind_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.common_name or self.subject}"

    @property
    def serial_number(self) -> int:
        return int(self.serial_hex, 16)

    def x509(self) -> x509.Certificate:
        cached = getattr(self, "_x509", None)
        if cached is None:
            cached = self._x509 = x509.load_der_x509_certificate(bytes(self.der))
        return cached

    def is_usable(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.status == CertificateStatus.VALID and self.not_before <= at <= self.not_after

    # --- state machine (run only through audit.services.transition) ----------------------

    @transition(field=status, source=CertificateStatus.NEW, target=CertificateStatus.VALID)
    def issue(self) -> None:
        pass

    @transition(field=status, source=CertificateStatus.VALID, target=CertificateStatus.ON_HOLD)
    def suspend(self, *, at: datetime) -> None:
        self.held_at = at

    @transition(field=status, source=CertificateStatus.ON_HOLD, target=CertificateStatus.VALID)
    def resume(self) -> None:
        self.held_at = None

    @transition(
        field=status, source=[CertificateStatus.VALID, CertificateStatus.ON_HOLD], target=CertificateStatus.REVOKED
    )
    def revoke(self, *, at: datetime, reason_code: str) -> None:
        self.revoked_at = at
        self.revocation_reason = reason_code
        self.held_at = None


class Credential(models.Model):
    """The chip of one digital ID: an authentication and a signing key pair with their PINs."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trust_credentials",
    )
    personal_code = models.CharField(_("personal identification code"), max_length=11, db_index=True)
    given_name = models.CharField(_("given name"), max_length=100)
    surname = models.CharField(_("surname"), max_length=100)
    puk_salt = models.BinaryField(_("PUK salt"), editable=False)
    puk_tries_left = models.PositiveSmallIntegerField(_("PUK tries left"), default=MAX_TRIES)
    # Cards issued from 17.11.2025: PIN2 must be changed before the first signature.
    pin2_change_required = models.BooleanField(_("PIN2 change required"), default=True)
    kdf_memory_kib = models.PositiveIntegerField(_("KDF memory (KiB)"))
    kdf_iterations = models.PositiveSmallIntegerField(_("KDF iterations"))
    kdf_lanes = models.PositiveSmallIntegerField(_("KDF lanes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("person credential")
        verbose_name_plural = _("person credentials")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.surname}, {self.given_name} ({self.personal_code})"

    @property
    def puk_blocked(self) -> bool:
        return self.puk_tries_left == 0


class PersonKey(models.Model):
    """One private key held for a person, usable only with its PIN (or unblocked with the PUK)."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="keys")
    role = models.CharField(_("role"), max_length=10, choices=KeyRole.choices)
    certificate = models.OneToOneField(Certificate, on_delete=models.PROTECT, related_name="person_key")
    pin_salt = models.BinaryField(_("PIN salt"), editable=False)
    pin_wrapped = models.BinaryField(_("key under PIN"), editable=False)
    puk_wrapped = models.BinaryField(_("key under PUK"), editable=False)
    pin_tries_left = models.PositiveSmallIntegerField(_("PIN tries left"), default=MAX_TRIES)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person key")
        verbose_name_plural = _("person keys")
        constraints = [models.UniqueConstraint(fields=("credential", "role"), name="trust_person_key_role_once")]

    def __str__(self) -> str:
        return f"{self.credential} / {self.get_role_display()}"

    @property
    def pin_blocked(self) -> bool:
        return self.pin_tries_left == 0

    @property
    def pin_name(self) -> str:
        return "PIN1" if self.role == KeyRole.AUTH else "PIN2"
