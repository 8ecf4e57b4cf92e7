"""Every read that crosses from one agency (or member) to another goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from exchange.constants import AgreementState, MemberState, Refusal
from exchange.exceptions import QueryRefused
from exchange.models import Agreement, Member, UsageMeter
from exchange.registry import AGENCIES, ProvidedRecord, Service, get_service
from exchange.services.access import log_access


def tallinn_today() -> date:
    return timezone.localdate()


@dataclass(frozen=True)
class Consumer:
    """Who asks: an agency (by code) or an external member."""

    agency: str = ""
    member: Member | None = None

    @classmethod
    def of(cls, who: str | Member | Consumer) -> Consumer:
        if isinstance(who, Consumer):
            return who
        if isinstance(who, Member):
            return cls(member=who)
        return cls(agency=str(who))

    @property
    def label(self) -> str:
        return self.member.name if self.member is not None else str(AGENCIES.get(self.agency, self.agency))

    @property
    def log_name(self) -> str:
        return f"member:{self.member.code}" if self.member is not None else self.agency

    def agreements(self):
        if self.member is not None:
            return Agreement.objects.filter(consumer_member=self.member)
        return Agreement.objects.filter(consumer_agency=self.agency, consumer_member__isnull=True)


@dataclass(frozen=True)
class QueryResult:
    service: Service
    agreement: Agreement
    data: dict[str, Any]
    reads: tuple[Any, ...]  # access-log rows, one per person the answer carries


def agreement_for(*, consumer: Consumer, service_code: str, on: date | None = None) -> Agreement:
    """The agreement that allows this consumer to use this service today, or a refusal
    that says why not (none, ended, suspended, not yet valid)."""
    on = on or tallinn_today()
    candidates = list(consumer.agreements().filter(service_code=service_code).order_by("-created_at"))
    valid = [
        a
        for a in candidates
        if a.state == AgreementState.ACTIVE and a.valid_from <= on and (a.valid_until is None or a.valid_until >= on)
    ]
    if valid:
        return valid[0]
    states = {a.state for a in candidates}
    if AgreementState.SUSPENDED in states:
        raise QueryRefused(Refusal.AGREEMENT_SUSPENDED)
    if any(a.state == AgreementState.ACTIVE and a.valid_from > on for a in candidates):
        raise QueryRefused(Refusal.AGREEMENT_NOT_YET_VALID)
    if AgreementState.ENDED in states or any(a.valid_until and a.valid_until < on for a in candidates):
        raise QueryRefused(Refusal.AGREEMENT_ENDED)
    raise QueryRefused(Refusal.NO_AGREEMENT)


def active_service_codes(*, member: Member, on: date | None = None) -> list[str]:
    """The services a member's active agreements name today (its OAuth2 scopes)."""
    on = on or tallinn_today()
    return sorted(
        set(
            Agreement.objects.filter(consumer_member=member, state=AgreementState.ACTIVE, valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            .values_list("service_code", flat=True)
        )
    )


def _meter(member: Member, service_code: str) -> None:
    month = tallinn_today().replace(day=1)
    updated = UsageMeter.objects.filter(member=member, service_code=service_code, month=month).update(
        count=F("count") + 1
    )
    if not updated:
        meter, created = UsageMeter.objects.get_or_create(
            member=member, service_code=service_code, month=month, defaults={"count": 1}
        )
        if not created:
            UsageMeter.objects.filter(pk=meter.pk).update(count=F("count") + 1)


def exchange_query(
    *,
    consumer: str | Member | Consumer,
    service: str,
    subject: str,
    purpose: str,
    actor: Any = None,
    legal_basis: str = "",
    consent_reference: str = "",
    message: Any = None,
    on: date | None = None,
) -> QueryResult:
    """Ask a provider agency's service about ``subject`` on behalf of ``consumer``.

    Refused with :class:`QueryRefused` (a code and a reason) when the service is unknown,
    the purpose is missing, person data comes without a legal basis or consent reference,
    no agreement is active, or the subject is unknown; nothing is logged then. Otherwise the
    answer carries only the fields the agreement grants and each person it is about gets one
    access-log row (consumer, service, fields, purpose, agreement, acting official or member).
    """
    who = Consumer.of(consumer)
    svc = get_service(service)
    if svc is None:
        raise QueryRefused(Refusal.UNKNOWN_SERVICE, status=404)
    purpose = (purpose or "").strip()
    if not purpose:
        raise QueryRefused(Refusal.PURPOSE_MISSING, status=400)
    legal_basis = (legal_basis or "").strip()
    consent_reference = (consent_reference or "").strip()
    if who.member is not None and who.member.state != MemberState.APPROVED:
        raise QueryRefused(Refusal.MEMBER_NOT_APPROVED)
    agreement = agreement_for(consumer=who, service_code=svc.code, on=on)
    if svc.personal_data and not (legal_basis or consent_reference):
        if who.member is not None:
            raise QueryRefused(Refusal.LEGAL_BASIS_MISSING, status=400)
        legal_basis = agreement.legal_basis  # an agency's agreement names its legal basis
    subject = (subject or "").strip()
    provided: ProvidedRecord | None = svc.handler(subject) if subject else None
    if provided is None:
        raise QueryRefused(Refusal.UNKNOWN_SUBJECT, status=404)
    granted = [name for name in svc.fields if name in set(agreement.fields)]
    data = {name: provided.fields.get(name) for name in granted}
    reads = []
    with transaction.atomic():
        if svc.personal_data:
            people = list(provided.people) or [None]
            refs = list(provided.person_refs) + [""] * (len(people) - len(provided.person_refs))
            for person, ref in zip(people, refs, strict=False):
                if person is None and not ref:
                    ref = subject
                reads.append(
                    log_access(
                        person=person,
                        person_ref=ref,
                        reader=actor if getattr(actor, "is_authenticated", False) else None,
                        consumer=who.log_name,
                        what=str(svc.title),
                        purpose=purpose,
                        record=provided.record,
                        service_code=svc.code,
                        fields=granted,
                        agreement=agreement,
                        member=who.member,
                        legal_basis=legal_basis,
                        consent_reference=consent_reference,
                        message=message,
                    )
                )
        if who.member is not None:
            _meter(who.member, svc.code)
    return QueryResult(service=svc, agreement=agreement, data=data, reads=tuple(reads))
