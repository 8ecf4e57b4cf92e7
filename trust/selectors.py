"""Reads of the trust services. The validation service takes its default trust anchors here."""

from __future__ import annotations

from cryptography import x509
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet

from trust.constants import ROOT_SLUG, CertificateKind, CertificateStatus
from trust.models import Certificate, CertificateAuthority, Credential

_ROOT_FIRST = (F("parent_id").asc(nulls_first=True), "created_at", "id")


def root_certificates() -> list[x509.Certificate]:
    """This deployment's trust anchors (the root CA certificate)."""
    roots = CertificateAuthority.objects.filter(parent__isnull=True).select_related("certificate")
    return [ca.certificate.x509() for ca in roots if ca.certificate_id]


def all_ca_certificates() -> list[x509.Certificate]:
    """Every CA certificate of this deployment, root first."""
    cas = CertificateAuthority.objects.select_related("certificate").order_by(*_ROOT_FIRST)
    return [ca.certificate.x509() for ca in cas if ca.certificate_id]


def service_certificates() -> list[x509.Certificate]:
    """The TSA and OCSP responder certificates (useful as known intermediates for validators)."""
    rows = Certificate.objects.filter(
        kind__in=(CertificateKind.TSA, CertificateKind.OCSP_RESPONDER), status=CertificateStatus.VALID
    )
    return [row.x509() for row in rows]


def root_authority() -> CertificateAuthority | None:
    return CertificateAuthority.objects.select_related("certificate").filter(slug=ROOT_SLUG).first()


def authorities() -> QuerySet[CertificateAuthority]:
    return CertificateAuthority.objects.select_related("certificate", "ocsp_responder", "parent").order_by(*_ROOT_FIRST)


def authority_by_slug(slug: str) -> CertificateAuthority | None:
    return CertificateAuthority.objects.select_related("certificate").filter(slug=slug).first()


def certificate_by_code(code) -> Certificate | None:
    try:
        return Certificate.objects.select_related("issuer").filter(code=code).first()
    except (ValueError, TypeError, ValidationError):
        return None


def certificates(*, kind: str = "", status: str = "", query: str = "") -> QuerySet[Certificate]:
    rows = Certificate.objects.select_related("issuer")
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if query:
        rows = rows.filter(subject__icontains=query.strip())
    return rows.order_by("-created_at", "-id")


def seal_certificates() -> QuerySet[Certificate]:
    return Certificate.objects.filter(kind=CertificateKind.SEAL).order_by("seal", "-not_after")


def credentials_for(holder) -> QuerySet[Credential]:
    return Credential.objects.filter(holder=holder).prefetch_related("keys__certificate").order_by("-created_at")


def credential_by_code(code) -> Credential | None:
    try:
        return Credential.objects.filter(code=code).first()
    except (ValueError, TypeError, ValidationError):
        return None
