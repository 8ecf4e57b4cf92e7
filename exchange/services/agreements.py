"""Agreements: drafted, rendered to PDF, signed by both responsible officials with their
digital IDs, then active until suspended or ended. Every state change is journaled."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from exchange.constants import AgreementState, SigningSide
from exchange.exceptions import AgreementError
from exchange.models import Agreement, Member
from exchange.registry import AGENCIES, get_service, sign_agreement_pdf


def agreement_create(
    *,
    service_code: str,
    consumer: str | Member,
    fields: list[str],
    purpose: str,
    legal_basis: str,
    provider_official: Any,
    consumer_official: Any,
    valid_from: date,
    valid_until: date | None = None,
    actor: Any,
) -> Agreement:
    """A draft agreement, checked against the service's declared fields."""
    service = get_service(service_code)
    if service is None:
        raise AgreementError("unknown_service", _("There is no such service."))
    unknown = sorted(set(fields) - set(service.fields))
    if not fields or unknown:
        raise AgreementError(
            "fields", _("Grant at least one of the service's own fields; unknown: %(f)s") % {"f": ", ".join(unknown)}
        )
    if not (purpose or "").strip() or not (legal_basis or "").strip():
        raise AgreementError("purpose", _("An agreement names its purpose and its legal basis."))
    if valid_until is not None and valid_until < valid_from:
        raise AgreementError("valid_until", _("The agreement cannot end before it starts."))
    if provider_official == consumer_official:
        raise AgreementError("consumer_official", _("Each side names its own responsible official."))
    member = consumer if isinstance(consumer, Member) else None
    agency = "" if member is not None else str(consumer)
    if member is None and agency not in AGENCIES:
        raise AgreementError("consumer", _("Unknown consumer."))
    if agency == service.provider:
        raise AgreementError("consumer", _("An agency does not need an agreement with itself."))
    with transaction.atomic():
        agreement = Agreement.objects.create(
            service_code=service.code,
            service_version=service.version,
            provider=service.provider,
            consumer_agency=agency,
            consumer_member=member,
            fields=[f for f in service.fields if f in set(fields)],
            purpose=purpose.strip(),
            legal_basis=legal_basis.strip(),
            provider_official=provider_official,
            consumer_official=consumer_official,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        agreement.document = agreement_render_pdf(agreement)
        agreement.save(update_fields=["document"])
        journal_record(
            actor=actor,
            action="agreement_drafted",
            subject=agreement,
            to_state=AgreementState.DRAFT,
            data={"service": service.code, "consumer": agreement.consumer_label, "fields": agreement.fields},
        )
    return agreement


def agreement_render_pdf(agreement: Agreement) -> bytes:
    """The agreement as PDF/A (WeasyPrint), in English: the text both officials sign."""
    from weasyprint import HTML

    service = get_service(agreement.service_code)
    with translation.override("en"):
        html = render_to_string(
            "exchange/documents/agreement.html",
            {
                "agreement": agreement,
                "service": service,
                "field_labels": [(f, service.label_for(f) if service else f) for f in agreement.fields],
                "generated_at": timezone.localtime(),
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/a-3b")


def _side_of(agreement: Agreement, signer: Any) -> str:
    if signer == agreement.provider_official:
        return SigningSide.PROVIDER
    if signer == agreement.consumer_official:
        return SigningSide.CONSUMER
    raise AgreementError("signer", _("Only the agreement's responsible officials sign it."), status=403)


def agreement_sign(*, agreement: Agreement, signer: Any, pin2: str) -> Agreement:
    """The responsible official signs the agreement PDF with their digital ID (PAdES, PIN2).

    Signing happens outside a transaction (the PIN try counter must survive a wrong PIN);
    the signed file is then stored only if nobody else signed in between. When both sides
    have signed, the agreement becomes active."""
    side = _side_of(agreement, signer)
    if agreement.state != AgreementState.DRAFT:
        raise AgreementError("state", _("Only a draft agreement is signed."))
    if getattr(agreement, f"{side}_signed_at"):
        raise AgreementError("signed", _("You have already signed this agreement."))
    before = bytes(agreement.document)
    signed = sign_agreement_pdf(
        before, signer=signer, pin2=pin2, reason=f"Data exchange agreement {agreement.code} ({side})"
    )
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if bytes(locked.document) != before or locked.state != AgreementState.DRAFT:
            raise AgreementError("concurrent", _("The agreement changed while you signed; open it and sign again."))
        locked.document = signed
        setattr(locked, f"{side}_signed_at", timezone.now())
        locked.save(update_fields=["document", f"{side}_signed_at"])
        journal_record(
            actor=signer,
            action="agreement_signed",
            subject=locked,
            data={"side": side, "sha256": hashlib.sha256(signed).hexdigest()},
        )
        if locked.fully_signed():
            transition(locked, "activate", actor=signer, reason="signed by both responsible officials")
    return locked


def _move(agreement: Agreement, name: str, *, actor: Any, reason: str) -> Agreement:
    if not (reason or "").strip():
        raise AgreementError("reason", _("Give a reason."))
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        transition(locked, name, actor=actor, reason=reason.strip())
    return locked


def agreement_suspend(*, agreement: Agreement, actor: Any, reason: str) -> Agreement:
    return _move(agreement, "suspend", actor=actor, reason=reason)


def agreement_resume(*, agreement: Agreement, actor: Any, reason: str) -> Agreement:
    return _move(agreement, "resume", actor=actor, reason=reason)


def agreement_end(*, agreement: Agreement, actor: Any, reason: str) -> Agreement:
    return _move(agreement, "end", actor=actor, reason=reason)
