from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from audit.models import JournalEntry
from payments.exceptions import FeeNotFound, InvalidPaymentRequest
from payments.models import Payment
from payments.selectors import payment_for
from payments.services import payment_create
from tests.payments.conftest import PURPOSE

pytestmark = pytest.mark.django_db


def _on(monkeypatch, day):
    monkeypatch.setattr("payments.services.payments.tallinn_today", lambda: day)


@pytest.mark.parametrize(
    ("day", "amount"),
    [(date(2015, 3, 3), "50.00"), (date(2020, 3, 3), "100.00"), (date(2026, 3, 3), "150.00")],
)
def test_fee_charged_is_the_one_valid_on_the_creation_day(make_payment, monkeypatch, day, amount):
    _on(monkeypatch, day)
    payment = make_payment()
    assert payment.amount == Decimal(amount)
    assert payment.created_on == day
    assert payment.fee.valid_from <= day


def test_embassy_variant_is_charged_when_asked(make_payment, monkeypatch):
    _on(monkeypatch, date(2021, 5, 5))
    assert make_payment(fee_variant="embassy").amount == Decimal("120.00")


def test_fee_not_in_force_creates_nothing(make_payment, monkeypatch):
    _on(monkeypatch, date(2010, 1, 1))
    with pytest.raises(FeeNotFound):
        make_payment()
    assert not Payment.objects.exists()


def test_double_click_returns_the_same_payment(make_payment):
    first = make_payment(reference="APP-1")
    second = make_payment(reference="APP-1")
    assert first.pk == second.pk
    assert Payment.objects.filter(reference="APP-1").count() == 1
    assert JournalEntry.objects.filter(action="payment_created", subject_id=str(first.code)).count() == 1


def test_created_payment_is_journaled(make_payment):
    payment = make_payment()
    entry = JournalEntry.objects.get(action="payment_created", subject_id=str(payment.code))
    assert entry.to_state == "created"
    assert entry.data["amount"] == str(payment.amount)
    assert entry.actor.email == "alice@example.org"


def test_database_refuses_a_second_open_payment(make_payment, personas):
    payment = make_payment(reference="APP-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            payer=personas["alice"],
            purpose=PURPOSE,
            reference="APP-2",
            description="again",
            amount=Decimal("150.00"),
            provider="local",
            created_on=payment.created_on,
        )


@pytest.mark.parametrize("amount", ["0", "-1.00"])
def test_database_refuses_non_positive_amounts(personas, amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            payer=personas["alice"],
            purpose=PURPOSE,
            reference="APP-3",
            description="x",
            amount=Decimal(amount),
            provider="local",
            created_on=date(2026, 1, 1),
        )


def test_prepayment_with_a_chosen_amount(personas):
    payment = payment_create(
        payer=personas["alice"],
        purpose="tax_prepayment",
        reference="TAXPAYER-1",
        fee_code=None,
        amount="99.999",
        description="Prepayment",
        actor=personas["alice"],
    )
    assert payment.amount == Decimal("100.00")
    assert payment.fee is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"purpose": ""},
        {"reference": "   "},
        {"description": ""},
        {"reference": "x" * 101},
        {"fee_code": "nope"},
        {"fee_code": None},  # neither fee nor amount
        {"amount": "10"},  # both fee and amount
        {"fee_code": None, "amount": 12.5},  # a float
        {"fee_code": None, "amount": "ten"},
        {"fee_code": None, "amount": "0"},
        {"fee_code": None, "amount": "2000000"},
        {"provider": "paypal"},
    ],
)
def test_bad_requests_are_refused_and_nothing_is_saved(personas, kwargs):
    args = {
        "payer": personas["alice"],
        "purpose": PURPOSE,
        "reference": "APP-9",
        "fee_code": "eresidency_state_fee",
        "description": "fee",
        "actor": personas["alice"],
    } | kwargs
    with pytest.raises(InvalidPaymentRequest):
        payment_create(**args)
    assert not Payment.objects.exists()


def test_after_a_failed_payment_a_new_one_is_created(make_payment, local_provider, personas):
    from payments.services import local_checkout_act

    first = make_payment(reference="APP-4")
    local_checkout_act(
        payment=first, action="fail", event_id="8f0c6a0e-0d43-4f58-9d4c-6c1f1b4ad001", actor=personas["alice"]
    )
    second = make_payment(reference="APP-4")
    assert second.pk != first.pk
    assert payment_for(purpose=PURPOSE, reference="APP-4").pk == second.pk
    assert Payment.objects.get(pk=first.pk).status == "failed"


def test_payment_for_returns_none_when_nothing_was_paid():
    assert payment_for(purpose=PURPOSE, reference="NOTHING") is None
