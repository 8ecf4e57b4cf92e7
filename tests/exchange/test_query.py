"""Every cross-agency read goes through exchange_query: agreement, granted fields, one log row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from exchange.constants import Refusal
from exchange.exceptions import QueryRefused
from exchange.models import AccessLogEntry, UsageMeter
from exchange.services import agreement_end, agreement_suspend, exchange_query
from tests.exchange.conftest import COMPANY_CODE, REPRESENTATION, make_active_agreement

PURPOSE = "opening a business account"
BASIS = "MLTFPA § 20"


def _ask(consumer, **kw):
    kw.setdefault("service", REPRESENTATION)
    kw.setdefault("subject", COMPANY_CODE)
    kw.setdefault("purpose", PURPOSE)
    kw.setdefault("legal_basis", BASIS)
    return exchange_query(consumer=consumer, **kw)


def test_granted_fields_only_and_one_log_row_per_person(bank, bank_agreement, personas):
    result = _ask(bank)
    assert set(result.data) == {"registry_code", "name", "representatives"}
    assert "share_capital" not in result.data
    entry = AccessLogEntry.objects.get()
    assert entry.person == personas["alice"]
    assert entry.member == bank and entry.agreement == bank_agreement
    assert entry.service_code == REPRESENTATION and entry.fields == ["registry_code", "name", "representatives"]
    assert entry.purpose == PURPOSE and entry.legal_basis == BASIS
    assert UsageMeter.objects.get(member=bank, service_code=REPRESENTATION).count == 1
    _ask(bank)
    assert UsageMeter.objects.get(member=bank, service_code=REPRESENTATION).count == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("end", Refusal.AGREEMENT_ENDED),
        ("suspend", Refusal.AGREEMENT_SUSPENDED),
    ],
)
def test_refused_after_the_agreement_stops(bank, bank_agreement, personas, change, code):
    {"end": agreement_end, "suspend": agreement_suspend}[change](
        agreement=bank_agreement, actor=personas["rita"], reason="audit finding"
    )
    with pytest.raises(QueryRefused) as info:
        _ask(bank)
    assert info.value.code == code
    assert AccessLogEntry.objects.count() == 0 and UsageMeter.objects.count() == 0


def test_refused_when_the_validity_period_is_over(bank, company_register, personas):
    make_active_agreement(
        consumer=bank,
        service_code=REPRESENTATION,
        fields=["name"],
        provider_official=personas["rita"],
        consumer_official=bank.contact,
        valid_from=date.today() - timedelta(days=30),
        valid_until=date.today() - timedelta(days=1),
    )
    with pytest.raises(QueryRefused) as info:
        _ask(bank)
    assert info.value.code == Refusal.AGREEMENT_ENDED


def test_refusals_explain_and_log_nothing(bank, bank_agreement, personas):
    cases = [
        ({"service": "business_register.nothing"}, Refusal.UNKNOWN_SERVICE),
        ({"purpose": "  "}, Refusal.PURPOSE_MISSING),
        ({"legal_basis": ""}, Refusal.LEGAL_BASIS_MISSING),
        ({"subject": "00000000"}, Refusal.UNKNOWN_SUBJECT),
    ]
    for kwargs, code in cases:
        with pytest.raises(QueryRefused) as info:
            _ask(bank, **kwargs)
        assert info.value.code == code, kwargs
        assert info.value.reason
    assert AccessLogEntry.objects.count() == 0


def test_consent_reference_replaces_the_legal_basis(bank, bank_agreement):
    result = _ask(bank, legal_basis="", consent_reference="consent-2026-0042")
    assert result.reads[0].consent_reference == "consent-2026-0042"


def test_an_agency_without_agreement_is_refused_and_with_one_is_logged_with_its_official(company_register, personas):
    with pytest.raises(QueryRefused) as info:
        _ask("tax_board", actor=personas["tom"])
    assert info.value.code == Refusal.NO_AGREEMENT
    agreement = make_active_agreement(
        consumer="tax_board",
        service_code=REPRESENTATION,
        fields=["registry_code", "representatives"],
        provider_official=personas["rita"],
        consumer_official=personas["tom"],
    )
    # An agency's agreement carries the legal basis when the query names none.
    result = _ask("tax_board", actor=personas["tom"], legal_basis="")
    entry = result.reads[0]
    assert entry.reader == personas["tom"] and entry.reader_role == "tax_officer"
    assert entry.consumer == "tax_board" and entry.agreement == agreement
    assert entry.legal_basis == agreement.legal_basis


def test_a_suspended_member_is_refused(bank, bank_agreement, personas):
    from exchange.services import member_suspend

    member_suspend(member=bank, actor=personas["ada"], reason="unpaid fee")
    bank.refresh_from_db()
    with pytest.raises(QueryRefused) as info:
        _ask(bank)
    assert info.value.code == Refusal.MEMBER_NOT_APPROVED
