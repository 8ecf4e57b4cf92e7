"""Taxpayer accounts (opened by the register's hook), identifiers, people, VAT registration
and accountants' mandates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.http import Http404
from stdnum.ee import kmkr

from audit.models import JournalEntry
from tax import selectors
from tax.exceptions import NotRepresented, TaxError
from tax.models import TaxpayerAccount
from tax.numbers import prepayment_reference, reference_check_digit, reference_number_valid, vat_number_for
from tax.services import (
    mandate_grant,
    mandate_revoke,
    person_add,
    taxpayer_account_open,
    taxpayer_account_open_on_registration,
    vat_registration_apply,
    vat_registration_decide,
)

pytestmark = pytest.mark.django_db


def test_reference_number_uses_the_7_3_1_check_digit():
    # 3·7 + 2·3 + 1·1 = 28 → check digit 2 (next multiple of ten).
    assert reference_check_digit("123") == 2
    number = prepayment_reference("12345678")
    assert number.startswith("912345678") and reference_number_valid(number)
    assert not reference_number_valid(number[:-1] + str((int(number[-1]) + 1) % 10))


def test_vat_numbers_are_valid_kmkr_numbers():
    # Fact sheet §2.7: "EE" + 9 digits, Σ dᵢ·(3,7,1,3,7,1,3,7,1) ≡ 0 (mod 10).
    for seq in (1, 2, 57, 999_999):
        assert kmkr.is_valid(vat_number_for(seq))
    assert len({vat_number_for(s) for s in range(1, 200)}) == 199


def test_the_register_hook_opens_one_account_idempotently(register):
    info = register.add_company("12345678", "Hook OÜ", board=[])
    first = taxpayer_account_open_on_registration(info)
    again = taxpayer_account_open_on_registration(info)
    assert first.pk == again.pk and TaxpayerAccount.objects.count() == 1
    assert JournalEntry.objects.filter(action="taxpayer_account_opened", subject_id="12345678").count() == 1
    assert first.reference_number == prepayment_reference("12345678")


def test_an_invalid_registry_code_opens_nothing(register):
    info = register.add_company("12345679", "Bad OÜ", board=[])
    with pytest.raises(TaxError):
        taxpayer_account_open(info=info, actor="register")
    assert not TaxpayerAccount.objects.exists()


def test_people_need_a_valid_personal_code_or_a_foreign_id(company, personas):
    alice = personas["alice"]
    with pytest.raises(TaxError) as bad:
        person_add(account=company, actor=alice, given_names="Mari", surname="Maasikas", personal_code="36805280108")
    assert bad.value.field == "personal_code"
    person_add(account=company, actor=alice, given_names="Mari", surname="Maasikas", personal_code="36805280109")
    with pytest.raises(TaxError, match="already"):
        person_add(account=company, actor=alice, given_names="Mari", surname="M", personal_code="36805280109")
    foreign = person_add(
        account=company,
        actor=alice,
        given_names="Jane",
        surname="Roe",
        foreign_id="FI-123",
        country="fi",
        tax_resident=False,
        pension_rate=Decimal("0"),
    )
    assert foreign.country == "FI"
    with pytest.raises(TaxError, match="pension"):
        person_add(
            account=company,
            actor=alice,
            given_names="X",
            surname="Y",
            personal_code="49403136526",
            pension_rate=Decimal("3"),
        )


@time_machine.travel("2025-12-18 10:00 +02:00", tick=False)
def test_mandatory_vat_registration_is_due_within_3_working_days(company, personas):
    # §3.4: apply within 3 working days of passing €40,000. Thu 18 Dec → Fri 19, Mon 22, Tue 23.
    with pytest.raises(TaxError) as below:
        vat_registration_apply(
            account=company,
            actor=personas["alice"],
            kind="mandatory",
            threshold_passed_on=date(2025, 12, 18),
            supplies_to_date=Decimal("40000.00"),
        )
    assert below.value.field == "supplies_to_date"  # "passes" €40,000: exactly 40,000 is not above
    application = vat_registration_apply(
        account=company,
        actor=personas["alice"],
        kind="mandatory",
        threshold_passed_on=date(2025, 12, 18),
        supplies_to_date=Decimal("40000.01"),
    )
    assert application.due_by == date(2025, 12, 23)
    with pytest.raises(TaxError, match="already waiting"):
        vat_registration_apply(account=company, actor=personas["alice"], kind="voluntary")
    with pytest.raises(NotRepresented):
        vat_registration_apply(account=company, actor=personas["oscar"], kind="voluntary")
    vat_registration_decide(application=application, actor=personas["tom"], approve=True)
    company.refresh_from_db()
    assert kmkr.is_valid(company.vat_number) and company.vat_registered_on == date(2025, 12, 18)
    assert JournalEntry.objects.filter(action="approve", subject_id=str(application.code)).exists()


def test_a_refusal_needs_a_reason(company, personas):
    application = vat_registration_apply(account=company, actor=personas["alice"], kind="voluntary")
    with pytest.raises(TaxError):
        vat_registration_decide(application=application, actor=personas["tom"], approve=False, reason="")
    vat_registration_decide(
        application=application, actor=personas["tom"], approve=False, reason="No business in Estonia shown"
    )
    application.refresh_from_db()
    assert application.state == "refused"


def test_mandates_give_an_accountant_access_for_their_term_only(company, personas):
    alice, oscar = personas["alice"], personas["oscar"]
    with pytest.raises(Http404):
        selectors.get_account_for_user(oscar, company.registry_code)
    with pytest.raises(NotRepresented):
        mandate_grant(
            account=company,
            actor=oscar,
            accountant_email=oscar.email,
            valid_from=date(2026, 1, 1),
            valid_to=date(2027, 1, 1),
        )
    with time_machine.travel("2026-06-01 12:00 +03:00", tick=False):
        mandate = mandate_grant(
            account=company,
            actor=alice,
            accountant_email=oscar.email.upper(),
            valid_from=date(2026, 6, 1),
            valid_to=date(2026, 6, 30),
        )
        assert selectors.get_account_for_user(oscar, company.registry_code, write=True).role == "accountant"
    with time_machine.travel("2026-07-01 12:00 +03:00", tick=False), pytest.raises(Http404):
        selectors.get_account_for_user(oscar, company.registry_code)
    with time_machine.travel("2026-06-15 12:00 +03:00", tick=False):
        mandate_revoke(mandate=mandate, actor=alice, reason="Changed accountants")
        with pytest.raises(Http404):
            selectors.get_account_for_user(oscar, company.registry_code)
    actions = list(JournalEntry.objects.filter(subject_id=str(mandate.code)).values_list("action", flat=True))
    assert actions == ["mandate_granted", "revoke"]


def test_officials_read_but_do_not_write(company, personas):
    from django.core.exceptions import PermissionDenied

    assert selectors.get_account_for_user(personas["tom"], company.registry_code).role == "official"
    with pytest.raises(PermissionDenied):
        selectors.get_account_for_user(personas["tom"], company.registry_code, write=True)
    with pytest.raises(Http404):
        selectors.get_account_for_user(personas["rita"], company.registry_code)


@time_machine.travel("2025-03-05 12:00 +02:00", tick=False)
def test_obligations_list_due_late_and_open_periods(company, personas):
    person_add(account=company, actor=personas["alice"], given_names="Mari", surname="M", personal_code="36805280109")
    rows = {(o.kind, o.period): o.status for o in selectors.obligations(company, months=12)}
    assert rows[("TSD", "2025-03")] == "open"
    assert rows[("TSD", "2025-02")] == "due"  # due 10 March
    assert rows[("TSD", "2025-01")] == "late"  # due 10 February
    assert ("KMD", "2025-02") not in rows  # not VAT-registered
