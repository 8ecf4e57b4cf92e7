"""Fixtures of the exchange tests: a test-only business-register service, members, agreements.

The business register (companies/) is being built elsewhere; until it lands, the "who may
represent this company" service is registered here from a small in-memory register, with
the same shape the real one will have (docs/contracts.md, "Data exchange")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from exchange.registry import ProvidedRecord, Service, register_service, unregister_service

REPRESENTATION = "business_register.representation"
COMPANY_CODE = "16543210"


@pytest.fixture(autouse=True)
def _fresh_seals():
    """Each test installs its own CA rows: forget the seals cached by an earlier test."""
    from trust.exchange_hooks import forget_seals

    forget_seals()
    yield
    forget_seals()


@pytest.fixture
def company_register(personas):
    """One company whose sole board member is alice (the e-resident of the demo)."""
    companies = {
        COMPANY_CODE: {
            "registry_code": COMPANY_CODE,
            "name": "Alice Digital OÜ",
            "status": "registered",
            "representatives": [{"name": "Alice Applicant", "role": "board member", "alone": True}],
            "share_capital": "2500.00",
        }
    }

    def representation(subject: str):
        row = companies.get(subject)
        if row is None:
            return None
        return ProvidedRecord(fields=dict(row), people=(personas["alice"],), person_refs=(str(personas["alice"].code),))

    register_service(
        Service(
            code=REPRESENTATION,
            provider="business_register",
            title="Who may represent this company",
            version="1",
            fields=("registry_code", "name", "status", "representatives", "share_capital"),
            personal_data=True,
            subject_kind="company",
            handler=representation,
        )
    )
    yield companies
    unregister_service(REPRESENTATION)


@pytest.fixture
def bank(personas, db):
    from exchange.models import Member
    from exchange.services import member_apply, member_approve
    from tests.factories import UserFactory

    contact = UserFactory(email="compliance@bank.example.com", given_name="Berit", surname="Bank")
    member = member_apply(name="Example Bank AS", registry_code="10060701", country="EE", contact=contact)
    member_approve(member=member, actor=personas["ada"])
    return Member.objects.get(pk=member.pk)


def make_active_agreement(*, consumer, service_code, fields, provider_official, consumer_official, **extra):
    """An agreement made active without the PAdES signing (tested on its own in test_agreements)."""
    from audit.services import transition
    from exchange.models import Agreement
    from exchange.services import agreement_create

    agreement = agreement_create(
        service_code=service_code,
        consumer=consumer,
        fields=fields,
        purpose=extra.pop("purpose", "know your customer: who may act for a client company"),
        legal_basis=extra.pop("legal_basis", "Money Laundering and Terrorist Financing Prevention Act § 20"),
        provider_official=provider_official,
        consumer_official=consumer_official,
        valid_from=extra.pop("valid_from", date.today() - timedelta(days=1)),
        valid_until=extra.pop("valid_until", None),
        actor="test",
    )
    Agreement.objects.filter(pk=agreement.pk).update(
        provider_signed_at=timezone.now(), consumer_signed_at=timezone.now()
    )
    agreement.refresh_from_db()
    transition(agreement, "activate", actor="test")
    return agreement


@pytest.fixture
def bank_agreement(bank, company_register, personas):
    return make_active_agreement(
        consumer=bank,
        service_code=REPRESENTATION,
        fields=["registry_code", "name", "representatives"],
        provider_official=personas["rita"],
        consumer_official=bank.contact,
    )
