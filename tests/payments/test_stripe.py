"""The real ``stripe`` library against the fake Stripe server: exact requests, real-shaped
responses, refunds and reconciliation."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from audit.models import JournalEntry
from payments.exceptions import ProviderError, ProviderUnavailable, RefundRefused
from payments.models import Payment, Refund
from payments.selectors import tallinn_today
from payments.services import payment_checkout_url, payment_refund, reconcile_payments
from tests.payments.conftest import PURPOSE, post_webhook, stripe_event

pytestmark = pytest.mark.django_db


def _checkout(payment):
    return payment_checkout_url(payment=payment, return_url="/en/eresidency/app/1/", cancel_url="/en/eresidency/")


def _paid(client, fake, payment):
    """Open checkout, complete it at Stripe and deliver the webhook: a paid payment."""
    _checkout(payment)
    payment.refresh_from_db()
    session = fake.complete(payment.provider_session_id)
    response = post_webhook(client, stripe_event("checkout.session.completed", session))
    assert response.status_code == 200, response.content
    return Payment.objects.get(pk=payment.pk)


def test_checkout_session_request_is_exact(fake_stripe, make_payment):
    payment = make_payment(reference="APP-100")
    url = _checkout(payment)

    (request,) = fake_stripe.posts("/v1/checkout/sessions")
    assert request.idempotency_key == f"eres-checkout-{payment.code}"
    assert request.authorization == "Bearer sk_test_fake_key"
    params = request.params
    assert params["mode"] == "payment"
    item = params["line_items"][0]
    assert item["quantity"] == "1"
    assert item["price_data"]["unit_amount"] == "15000"  # €150.00 in cents
    assert item["price_data"]["currency"] == "eur"
    assert params["client_reference_id"] == str(payment.code)
    assert params["metadata"] == {"payment_code": str(payment.code), "purpose": PURPOSE, "reference": "APP-100"}
    assert params["payment_intent_data"]["metadata"]["payment_code"] == str(payment.code)
    assert params["success_url"] == f"http://testserver/payments/{payment.code}/?returned=1"
    assert params["cancel_url"] == f"http://testserver/payments/{payment.code}/?cancelled=1"
    assert params["customer_email"] == "alice@example.org"

    payment.refresh_from_db()
    assert payment.status == "pending"
    assert url == payment.checkout_url == f"https://checkout.stripe.test/c/pay/{payment.provider_session_id}"
    assert payment.return_url == "/en/eresidency/app/1/"
    assert JournalEntry.objects.filter(subject_id=str(payment.code), action="start").exists()


def test_second_checkout_call_reuses_the_session(fake_stripe, make_payment):
    payment = make_payment()
    first = _checkout(payment)
    second = _checkout(Payment.objects.get(pk=payment.pk))
    assert first == second
    assert len(fake_stripe.posts("/v1/checkout/sessions")) == 1


def test_provider_error_changes_nothing(fake_stripe, make_payment):
    payment = make_payment()
    fake_stripe.fail_next.append((500, {"error": {"type": "api_error", "message": "boom"}}))
    with pytest.raises(ProviderError):
        _checkout(payment)
    payment.refresh_from_db()
    assert payment.status == "created"
    assert payment.provider_session_id == ""
    # A retry uses the same idempotency key and succeeds.
    _checkout(payment)
    keys = {r.idempotency_key for r in fake_stripe.posts("/v1/checkout/sessions")}
    assert keys == {f"eres-checkout-{payment.code}"}


def test_foreign_return_url_is_refused(fake_stripe, make_payment):
    from payments.exceptions import InvalidPaymentRequest

    payment = make_payment()
    for bad in ("https://evil.example/steal", "//evil.example/x"):
        with pytest.raises(InvalidPaymentRequest):
            payment_checkout_url(payment=payment, return_url=bad, cancel_url="/")
    assert fake_stripe.requests == []


def test_missing_secret_key_is_reported(fake_stripe, make_payment, settings):
    payment = make_payment()
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(ProviderUnavailable):
        _checkout(payment)


def test_full_refund_via_the_refund_api(fake_stripe, make_payment, client, handler, personas):
    payment = _paid(client, fake_stripe, make_payment())
    assert payment.status == "succeeded"
    refund = payment_refund(payment=payment, reason="Application withdrawn in time", actor=personas["ada"])

    (request,) = fake_stripe.posts("/v1/refunds")
    assert request.params["payment_intent"] == payment.provider_payment_intent
    assert request.params["amount"] == "15000"
    assert request.params["metadata"] == {"payment_code": str(payment.code), "refund_code": str(refund.code)}
    assert request.idempotency_key == f"eres-refund-{refund.code}"

    payment.refresh_from_db()
    refund.refresh_from_db()
    assert payment.status == "refunded"
    assert payment.refunded_amount == Decimal("150.00")
    assert refund.status == "succeeded" and refund.provider_refund_id.startswith("re_test_")
    # Stripe then sends charge.refunded: counted once, not twice.
    charge = fake_stripe.charges[payment.provider_payment_intent]
    response = post_webhook(client, stripe_event("charge.refunded", charge))
    assert response.json()["outcome"] == "no_change"
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("150.00")


def test_partial_refunds_then_the_rest(fake_stripe, make_payment, client, handler, personas):
    payment = _paid(client, fake_stripe, make_payment())
    payment_refund(payment=payment, amount=Decimal("50.00"), reason="Partial", actor=personas["ada"])
    payment.refresh_from_db()
    assert payment.status == "partially_refunded"
    assert payment.refunded_amount == Decimal("50.00")
    assert fake_stripe.posts("/v1/refunds")[0].params["amount"] == "5000"

    with pytest.raises(RefundRefused):
        payment_refund(payment=payment, amount="100.01", reason="Too much", actor=personas["ada"])
    assert len(fake_stripe.posts("/v1/refunds")) == 1

    payment_refund(payment=payment, reason="The rest", actor=personas["ada"])
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert payment.refunded_amount == Decimal("150.00")
    assert fake_stripe.posts("/v1/refunds")[1].params["amount"] == "10000"
    actions = list(
        JournalEntry.objects.filter(subject_id=str(payment.code)).values_list("action", flat=True).order_by("seq")
    )
    assert actions.count("refund_partially") == 1 and actions.count("refund") == 1


def test_refund_refused_by_stripe_is_recorded_and_changes_nothing(fake_stripe, make_payment, client, handler, personas):
    payment = _paid(client, fake_stripe, make_payment())
    fake_stripe.fail_next.append((400, {"error": {"type": "invalid_request_error", "message": "charge disputed"}}))
    with pytest.raises(ProviderError):
        payment_refund(payment=payment, reason="x", actor=personas["ada"])
    payment.refresh_from_db()
    assert payment.status == "succeeded" and payment.refunded_amount == 0
    assert Refund.objects.get(payment=payment).status == "failed"


def test_refund_of_an_unpaid_payment_is_refused(fake_stripe, make_payment, personas):
    payment = make_payment()
    with pytest.raises(RefundRefused):
        payment_refund(payment=payment, reason="x", actor=personas["ada"])
    assert not Refund.objects.exists()


def test_reconcile_lists_every_difference(fake_stripe, make_payment, client, handler, capsys):
    matching = _paid(client, fake_stripe, make_payment(reference="OK-1"))
    # Paid at Stripe but the webhook never arrived: status differs.
    silent = make_payment(reference="SILENT-1")
    _checkout(silent)
    silent.refresh_from_db()
    fake_stripe.complete(silent.provider_session_id)
    # Our record of the amount differs from Stripe's.
    wrong_amount = make_payment(reference="AMOUNT-1")
    _checkout(wrong_amount)
    wrong_amount.refresh_from_db()
    fake_stripe.sessions[wrong_amount.provider_session_id]["amount_total"] = 9900
    # A checkout at Stripe we know nothing of.
    stray = fake_stripe.add_session(
        line_items=[{"quantity": 1, "price_data": {"currency": "eur", "unit_amount": 15000}}]
    )
    # A session id of ours that Stripe does not have.
    lost = make_payment(reference="LOST-1")
    _checkout(lost)
    lost.refresh_from_db()
    del fake_stripe.sessions[lost.provider_session_id]
    # A refund made in the Stripe dashboard that we never heard about.
    fake_stripe.charges[matching.provider_payment_intent]["amount_refunded"] = 1000

    today = tallinn_today()
    diffs = reconcile_payments(start=today, end=today)
    found = {(d.kind, d.session_id) for d in diffs}
    assert found == {
        ("status_differs", silent.provider_session_id),
        ("amount_differs", wrong_amount.provider_session_id),
        ("missing_locally", stray["id"]),
        ("missing_at_provider", lost.provider_session_id),
        ("refund_differs", matching.provider_session_id),
    }

    list_request = next(r for r in fake_stripe.requests if r.method == "GET" and r.path == "/v1/checkout/sessions")
    assert set(list_request.params["created"]) == {"gte", "lt"}
    assert list_request.params["expand"] == ["data.payment_intent.latest_charge"]

    with pytest.raises(SystemExit) as exit_info:
        call_command("reconcile_payments", "--from", today.isoformat(), "--to", today.isoformat())
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "missing_locally" in out and "5 difference(s)" in out


def test_reconcile_with_nothing_to_report(fake_stripe, make_payment, client, handler, capsys):
    _paid(client, fake_stripe, make_payment())
    today = tallinn_today()
    assert reconcile_payments(start=today, end=today) == []
    call_command("reconcile_payments", "--from", today.isoformat(), "--to", today.isoformat())
    assert "No differences." in capsys.readouterr().out


def test_reconcile_refuses_bad_dates(fake_stripe):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reconcile_payments", "--from", "2026-02-30", "--to", "2026-03-01")
    with pytest.raises(CommandError):
        call_command("reconcile_payments", "--from", "2026-03-02", "--to", "2026-03-01")
    assert fake_stripe.requests == []
