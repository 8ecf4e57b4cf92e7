from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import JournalEntry
from payments.constants import FeeCode
from payments.exceptions import FeeNotFound, FeeOverlap, InvalidPaymentRequest
from payments.models import Fee
from payments.selectors import fee_amount, fee_version
from payments.services import fee_version_add, fee_version_close

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2014, 12, 1), "50.00"),  # launch day
        (date(2015, 6, 1), "50.00"),
        (date(2016, 1, 31), "50.00"),
        (date(2016, 2, 1), "100.00"),
        (date(2020, 6, 1), "100.00"),
        (date(2024, 12, 31), "100.00"),
        (date(2025, 1, 1), "150.00"),
        (date(2026, 3, 1), "150.00"),
    ],
)
def test_eresidency_state_fee_by_date(on, expected):
    assert fee_amount("eresidency_state_fee", on=on) == Decimal(expected)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2015, 6, 1), "50.00"),  # no embassy tier yet: the standard fee
        (date(2020, 6, 1), "120.00"),
        (date(2025, 6, 1), "150.00"),  # flat again
    ],
)
def test_embassy_variant_falls_back_to_the_standard_fee(on, expected):
    assert fee_amount("eresidency_state_fee", on=on, variant="embassy") == Decimal(expected)


def test_embassy_tier_records_its_uncertain_start():
    fee = fee_version("eresidency_state_fee", on=date(2021, 1, 1), variant="embassy")
    assert "UNCERTAIN" in fee.note
    assert "https://" in fee.legal_reference


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        ("company_registration_expedited", date(2015, 5, 5), "190.00"),
        ("company_registration_expedited", date(2020, 5, 5), "190.00"),
        ("company_registration_expedited", date(2026, 5, 5), "265.00"),
        ("company_registration_regular", date(2020, 5, 5), "145.00"),
        ("company_registration_regular", date(2022, 1, 1), "200.00"),
        ("amendment_entry", date(2021, 12, 31), "18.00"),
        ("amendment_entry", date(2026, 1, 1), "25.00"),
        ("pickup_change_embassy_to_embassy", date(2026, 1, 1), "80.00"),
        ("pickup_change_embassy_to_office", date(2026, 1, 1), "80.00"),
        ("pickup_change_office_to_office", date(2026, 1, 1), "10.00"),
        ("pickup_change_office_to_embassy", date(2026, 1, 1), "30.00"),
    ],
)
def test_other_fees_by_date(code, on, expected):
    assert fee_amount(code, on=on) == Decimal(expected)


def test_every_fee_code_is_loaded_with_a_legal_reference_url():
    for code in FeeCode.values:
        versions = Fee.objects.filter(code=code)
        assert versions.exists(), code
        assert all("https://" in v.legal_reference for v in versions), code


def test_no_fee_before_the_programme_started():
    with pytest.raises(FeeNotFound):
        fee_amount("eresidency_state_fee", on=date(2014, 11, 30))


def test_adding_a_version_closes_the_previous_one_and_is_journaled():
    fee = fee_version_add(
        code="amendment_entry",
        amount="30.00",
        valid_from=date(2030, 1, 1),
        legal_reference="State Fees Act, https://example.org/rt",
        actor="test",
    )
    assert fee_amount("amendment_entry", on=date(2029, 12, 31)) == Decimal("25.00")
    assert fee_amount("amendment_entry", on=date(2030, 1, 1)) == Decimal("30.00")
    previous = Fee.objects.get(code="amendment_entry", valid_from=date(2022, 1, 1))
    assert previous.valid_to == date(2029, 12, 31)
    actions = list(JournalEntry.objects.filter(subject_type="payments.fee").values_list("action", flat=True))
    assert actions == ["fee_version_closed", "fee_version_added"]
    assert fee.amount == Decimal("30.00")


def test_overlapping_version_is_refused():
    with pytest.raises(FeeOverlap):
        fee_version_add(
            code="amendment_entry",
            amount="30.00",
            valid_from=date(2021, 6, 1),  # inside the closed 2011–2021 version
            legal_reference="x https://example.org",
            actor="test",
        )
    assert Fee.objects.filter(code="amendment_entry").count() == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"code": "no_such_fee"},
        {"amount": "0"},
        {"amount": "-5"},
        {"amount": "lots"},
        {"legal_reference": "  "},
        {"variant": "moon"},
    ],
)
def test_bad_fee_versions_are_refused(kwargs):
    args = {
        "code": "amendment_entry",
        "amount": "30.00",
        "valid_from": date(2031, 1, 1),
        "legal_reference": "ref https://example.org",
        "actor": "test",
    } | kwargs
    with pytest.raises(InvalidPaymentRequest):
        fee_version_add(**args)


def test_closing_before_a_charged_day_is_refused(make_payment, monkeypatch):
    monkeypatch.setattr("payments.services.payments.tallinn_today", lambda: date(2026, 5, 1))
    make_payment()
    with pytest.raises(FeeOverlap):
        fee_version_close(code="eresidency_state_fee", valid_to=date(2026, 4, 30), actor="test")
    fee = fee_version_close(code="eresidency_state_fee", valid_to=date(2026, 5, 1), actor="test")
    assert fee.valid_to == date(2026, 5, 1)


def test_fee_version_command_adds_and_closes(capsys):
    call_command(
        "fee_version",
        "add",
        "--code",
        "company_registration_regular",
        "--amount",
        "210",
        "--from",
        "2031-01-01",
        "--legal-reference",
        "RLS § 59, https://example.org",
    )
    assert fee_amount("company_registration_regular", on=date(2031, 1, 1)) == Decimal("210.00")
    call_command("fee_version", "close", "--code", "company_registration_regular", "--to", "2031-12-31")
    with pytest.raises(FeeNotFound):
        fee_amount("company_registration_regular", on=date(2032, 1, 1))
    with pytest.raises(CommandError):
        call_command(
            "fee_version", "add", "--code", "x", "--amount", "1", "--from", "2031-13-01", "--legal-reference", "r"
        )
    call_command("fee_version", "list", "--code", "company_registration_regular")
    assert "210.00" in capsys.readouterr().out
