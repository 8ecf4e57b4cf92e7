"""Certificate revocation lists, one per CA, re-signed on every status change and lazily
when served close to their nextUpdate (RFC 5280 §5)."""

from __future__ import annotations

from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.db import transaction
from django.utils import timezone

from trust.constants import (
    CRL_REFRESH_FRACTION,
    ISSUING_CRL_VALIDITY,
    ROOT_CRL_VALIDITY,
    CertificateStatus,
    RevocationReason,
)
from trust.keystore import get_keystore
from trust.models import Certificate, CertificateAuthority
from trust.services.profiles import hash_for


def _validity(ca: CertificateAuthority):
    return ROOT_CRL_VALIDITY if ca.is_root else ISSUING_CRL_VALIDITY


def crl_refresh(*, ca: CertificateAuthority, now: datetime | None = None) -> bytes:
    """Sign a new full CRL for ``ca`` listing its revoked and suspended certificates."""
    now = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        ca = CertificateAuthority.objects.select_for_update(of=("self",)).select_related("certificate").get(pk=ca.pk)
        ca_cert = ca.certificate.x509()
        key = get_keystore().get(ca.key_name)
        number = ca.crl_number + 1
        next_update = now + _validity(ca)
        ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(ca_cert.subject)
            .last_update(now)
            .next_update(next_update)
            .add_extension(x509.CRLNumber(number), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        )
        listed = (
            Certificate.objects.filter(issuer=ca, status__in=(CertificateStatus.REVOKED, CertificateStatus.ON_HOLD))
            .order_by("id")
            .values_list("serial_hex", "status", "revoked_at", "held_at", "revocation_reason")
        )
        for serial_hex, status, revoked_at, held_at, reason in listed:
            entry = x509.RevokedCertificateBuilder().serial_number(int(serial_hex, 16))
            if status == CertificateStatus.ON_HOLD:
                entry = entry.revocation_date(held_at).add_extension(
                    x509.CRLReason(x509.ReasonFlags.certificate_hold), critical=False
                )
            else:
                entry = entry.revocation_date(revoked_at)
                # RFC 5280 §5.3.1: the reason code "unspecified" SHOULD be absent.
                if reason and reason != RevocationReason.UNSPECIFIED:
                    entry = entry.add_extension(x509.CRLReason(RevocationReason(reason).flag), critical=False)
            builder = builder.add_revoked_certificate(entry.build())
        der = builder.sign(key, hash_for(key)).public_bytes(serialization.Encoding.DER)
        ca.crl_number = number
        ca.crl_der = der
        ca.crl_this_update = now
        ca.crl_next_update = next_update
        ca.save(update_fields=["crl_number", "crl_der", "crl_this_update", "crl_next_update"])
    return der


def crl_needs_refresh(ca: CertificateAuthority, now: datetime | None = None) -> bool:
    if not ca.crl_der or ca.crl_next_update is None:
        return True
    now = now or timezone.now()
    margin = _validity(ca) * CRL_REFRESH_FRACTION
    return now >= ca.crl_next_update - margin


def crl_current(*, ca: CertificateAuthority, now: datetime | None = None) -> bytes:
    """The CA's CRL, re-signed first if it is close to (or past) its nextUpdate."""
    if crl_needs_refresh(ca, now):
        return crl_refresh(ca=ca, now=now)
    return bytes(ca.crl_der)
