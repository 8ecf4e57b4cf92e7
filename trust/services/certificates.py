"""Suspending, resuming and revoking certificates. Each is a journaled FSM transition that
re-signs the issuer's CRL in the same transaction, so OCSP and CRL never disagree."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.services import transition
from audit.types import ActorLike
from trust.constants import RevocationReason
from trust.models import Certificate
from trust.registry import notify_status_change
from trust.services.crl import crl_refresh


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=certificate.pk)


def certificate_suspend(*, certificate: Certificate, actor: ActorLike, reason: str = "") -> Certificate:
    """Put the certificate on hold (CRL reason certificateHold); it can be resumed."""
    with transaction.atomic():
        cert = _locked(certificate)
        transition(cert, "suspend", actor=actor, reason=reason, at=timezone.now())
        crl_refresh(ca=cert.issuer)
        notify_status_change(cert, "suspend", actor)
    return cert


def certificate_resume(*, certificate: Certificate, actor: ActorLike, reason: str = "") -> Certificate:
    with transaction.atomic():
        cert = _locked(certificate)
        transition(cert, "resume", actor=actor, reason=reason)
        crl_refresh(ca=cert.issuer)
        notify_status_change(cert, "resume", actor)
    return cert


def certificate_revoke(
    *,
    certificate: Certificate,
    revocation_reason: str = RevocationReason.UNSPECIFIED,
    actor: ActorLike,
    reason: str = "",
) -> Certificate:
    """Revoke for good. ``revocation_reason`` is an RFC 5280 CRLReason (RevocationReason)."""
    revocation_reason = RevocationReason(revocation_reason)
    with transaction.atomic():
        cert = _locked(certificate)
        transition(
            cert,
            "revoke",
            actor=actor,
            reason=reason,
            data={"revocation_reason": revocation_reason.value},
            at=timezone.now(),
            reason_code=revocation_reason.value,
        )
        crl_refresh(ca=cert.issuer)
        notify_status_change(cert, "revoke", actor)
    return cert
