"""Races on PostgreSQL with real threads: two deliveries of one event, a double-clicked
pay, two different "paid" events for one payment."""

import importlib
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from audit.models import JournalEntry
from payments.models import Payment, WebhookEvent
from payments.services import payment_checkout_url, payment_create
from tests.payments.conftest import PURPOSE, post_webhook, stripe_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fees")]


@pytest.fixture
def fees():
    """Transactional tests start from flushed tables: put the fee data migration's rows back."""
    from django.apps import apps

    importlib.import_module("payments.migrations.0002_load_fees").load(apps, None)


def _race(workers: int, work: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(workers)
    results: list[object] = [None] * workers

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as error:  # surfaced by the assertions below
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def pending(fake_stripe, make_payment, handler):
    payment = make_payment()
    payment_checkout_url(payment=payment, return_url="/", cancel_url="/")
    return Payment.objects.get(pk=payment.pk)


def test_same_event_delivered_twice_at_once_settles_once(fake_stripe, pending, handler):
    event = stripe_event("checkout.session.completed", fake_stripe.complete(pending.provider_session_id))
    results = _race(2, lambda i: post_webhook(Client(), event))
    assert [r.status_code for r in results] == [200, 200], results
    assert sorted(r.json()["outcome"] for r in results) == ["duplicate", "settled"]
    assert WebhookEvent.objects.filter(event_id=event["id"]).count() == 1
    assert handler.calls == [pending.reference]
    assert JournalEntry.objects.filter(subject_id=str(pending.code), action="succeed").count() == 1


def test_two_different_paid_events_at_once_settle_once(fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id)
    events = [
        stripe_event("checkout.session.completed", session),
        stripe_event("checkout.session.async_payment_succeeded", session),
    ]
    results = _race(2, lambda i: post_webhook(Client(), events[i]))
    assert sorted(r.json()["outcome"] for r in results) == ["no_change", "settled"], results
    assert handler.calls == [pending.reference]
    assert Payment.objects.get(pk=pending.pk).status == "succeeded"


def test_double_clicked_pay_at_once_creates_one_payment(personas):
    alice = personas["alice"]

    def create(i: int) -> int:
        return payment_create(
            payer=alice,
            purpose=PURPOSE,
            reference="APP-RACE",
            fee_code="eresidency_state_fee",
            description="e-Residency state fee",
            actor=alice,
        ).pk

    results = _race(4, create)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert Payment.objects.filter(reference="APP-RACE").count() == 1
    assert JournalEntry.objects.filter(action="payment_created").count() == 1


def test_two_checkout_calls_at_once_open_one_checkout(fake_stripe, make_payment):
    payment = make_payment()
    results = _race(2, lambda i: payment_checkout_url(payment=payment, return_url="/", cancel_url="/"))
    assert all(isinstance(r, str) for r in results), results
    assert results[0] == results[1]
    assert {r.idempotency_key for r in fake_stripe.posts("/v1/checkout/sessions")} == {f"eres-checkout-{payment.code}"}
    stored = Payment.objects.get(pk=payment.pk)
    assert stored.status == "pending" and stored.checkout_url == results[0]
    assert JournalEntry.objects.filter(subject_id=str(payment.code), action="start").count() == 1
