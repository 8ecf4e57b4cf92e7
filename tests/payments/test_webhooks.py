"""Signed Stripe webhooks: each delivery case once, through the real signature check."""

import json
import time
import uuid
from decimal import Decimal

import pytest
import stripe

from audit.models import JournalEntry
from payments.models import Payment, WebhookEvent
from payments.services import payment_checkout_url
from tests.payments.conftest import WEBHOOK_URL, post_webhook, stripe_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(fake_stripe, make_payment, handler):
    """A payment whose checkout is open at the fake Stripe."""
    payment = make_payment()
    payment_checkout_url(payment=payment, return_url="/", cancel_url="/")
    return Payment.objects.get(pk=payment.pk)


def _reload(payment):
    return Payment.objects.get(pk=payment.pk)


def _actions(payment):
    return list(
        JournalEntry.objects.filter(subject_id=str(payment.code)).order_by("seq").values_list("action", flat=True)
    )


def test_completed_and_paid_settles_once(client, fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id)
    response = post_webhook(client, stripe_event("checkout.session.completed", session))
    assert response.status_code == 200
    assert response.json()["outcome"] == "settled"
    payment = _reload(pending)
    assert payment.status == "succeeded"
    assert payment.provider_payment_intent == session["payment_intent"]
    assert handler.calls == [payment.reference]
    entry = JournalEntry.objects.get(subject_id=str(payment.code), action="succeed")
    assert (entry.actor_label, entry.from_state, entry.to_state) == ("stripe", "pending", "succeeded")
    assert "settlement_handed_off" in _actions(payment)


def test_replay_three_times_is_a_no_op(client, fake_stripe, pending, handler):
    event = stripe_event("checkout.session.completed", fake_stripe.complete(pending.provider_session_id))
    outcomes = [post_webhook(client, event).json()["outcome"] for _ in range(4)]
    assert outcomes == ["settled", "duplicate", "duplicate", "duplicate"]
    assert WebhookEvent.objects.filter(event_id=event["id"]).count() == 1
    assert handler.calls == [pending.reference]
    assert _actions(pending).count("succeed") == 1


def test_unpaid_completion_waits_for_the_async_result(client, fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id, payment_status="unpaid")
    assert post_webhook(client, stripe_event("checkout.session.completed", session)).json()["outcome"] == "updated"
    payment = _reload(pending)
    assert payment.status == "pending" and payment.provider_payment_intent == session["payment_intent"]
    assert handler.calls == []
    session["payment_status"] = "paid"
    response = post_webhook(client, stripe_event("checkout.session.async_payment_succeeded", session))
    assert response.json()["outcome"] == "settled"
    assert _reload(pending).status == "succeeded"
    assert handler.calls == [pending.reference]


def test_async_payment_failed(client, fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id, payment_status="unpaid")
    post_webhook(client, stripe_event("checkout.session.completed", session))
    assert (
        post_webhook(client, stripe_event("checkout.session.async_payment_failed", session)).json()["outcome"]
        == "updated"
    )
    assert _reload(pending).status == "failed"
    assert handler.calls == []


def test_expired(client, fake_stripe, pending):
    response = post_webhook(
        client, stripe_event("checkout.session.expired", fake_stripe.expire(pending.provider_session_id))
    )
    assert response.json()["outcome"] == "updated"
    assert _reload(pending).status == "expired"
    assert JournalEntry.objects.get(subject_id=str(pending.code), action="expire").to_state == "expired"


def test_expired_after_completed_does_not_move_backwards(client, fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id)
    post_webhook(client, stripe_event("checkout.session.completed", session))
    late = dict(session, status="expired")
    assert post_webhook(client, stripe_event("checkout.session.expired", late)).json()["outcome"] == "no_change"
    assert _reload(pending).status == "succeeded"
    assert handler.calls == [pending.reference]


def test_completed_after_refunded_does_not_move_backwards(client, fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id)
    post_webhook(client, stripe_event("checkout.session.completed", session))
    charge = dict(fake_stripe.charges[session["payment_intent"]], amount_refunded=15000, refunded=True)
    assert post_webhook(client, stripe_event("charge.refunded", charge)).json()["outcome"] == "updated"
    assert _reload(pending).status == "refunded"
    # Another delivery of "completed" (a new event id, as Stripe does on resend).
    assert post_webhook(client, stripe_event("checkout.session.completed", session)).json()["outcome"] == "no_change"
    payment = _reload(pending)
    assert payment.status == "refunded" and payment.refunded_amount == Decimal("150.00")
    assert handler.calls == [pending.reference]


def test_refund_reported_before_completion_is_flagged_then_applied(client, fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id)
    # We learn the intent first (e.g. the unpaid completion), then the refund arrives early.
    Payment.objects.filter(pk=pending.pk).update(provider_payment_intent=session["payment_intent"])
    charge = dict(fake_stripe.charges[session["payment_intent"]], amount_refunded=5000)
    assert post_webhook(client, stripe_event("charge.refunded", charge)).json()["outcome"] == "flagged"
    payment = _reload(pending)
    assert payment.status == "pending" and payment.needs_attention and payment.refunded_amount == Decimal("50.00")
    assert post_webhook(client, stripe_event("checkout.session.completed", session)).json()["outcome"] == "settled"
    payment = _reload(pending)
    assert payment.status == "partially_refunded" and payment.refunded_amount == Decimal("50.00")
    assert handler.calls == [pending.reference]


def test_partial_then_full_refund_events(client, fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id)
    post_webhook(client, stripe_event("checkout.session.completed", session))
    charge = fake_stripe.charges[session["payment_intent"]]
    post_webhook(client, stripe_event("charge.refunded", dict(charge, amount_refunded=2500)))
    payment = _reload(pending)
    assert (payment.status, payment.refunded_amount) == ("partially_refunded", Decimal("25.00"))
    # An older, smaller cumulative figure arriving late changes nothing.
    assert (
        post_webhook(client, stripe_event("charge.refunded", dict(charge, amount_refunded=1000))).json()["outcome"]
        == "no_change"
    )
    post_webhook(client, stripe_event("charge.refunded", dict(charge, amount_refunded=15000)))
    payment = _reload(pending)
    assert (payment.status, payment.refunded_amount) == ("refunded", Decimal("150.00"))


def test_forged_signature_is_refused(client, fake_stripe, pending, handler):
    session = fake_stripe.complete(pending.provider_session_id)
    genuine = json.dumps(stripe_event("checkout.session.completed", session))
    header = stripe.WebhookSignature.generate_signature_header(genuine, "whsec_test_secret_for_payments")
    forged = genuine.replace('"amount_total": 15000', '"amount_total": 1')
    assert forged != genuine
    response = post_webhook(client, forged, signature=header)
    assert response.status_code == 400 and response.json()["error"] == "signature"
    assert not WebhookEvent.objects.exists()
    assert _reload(pending).status == "pending" and handler.calls == []


def test_stale_timestamp_is_refused(client, fake_stripe, pending):
    event = stripe_event("checkout.session.completed", fake_stripe.complete(pending.provider_session_id))
    response = post_webhook(client, event, timestamp=int(time.time()) - 301)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_wrong_secret_is_refused(client, fake_stripe, pending):
    event = stripe_event("checkout.session.completed", fake_stripe.complete(pending.provider_session_id))
    response = post_webhook(client, event, secret="whsec_someone_else")
    assert response.status_code == 400
    assert _reload(pending).status == "pending"


@pytest.mark.parametrize("header", ["", "garbage", "t=abc,v1=00", "t=1700000000"])
def test_missing_or_garbled_signature_header_is_refused(client, fake_stripe, header):
    response = client.post(WEBHOOK_URL, data="{}", content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        "not json at all",
        "[1, 2, 3]",
        json.dumps({"object": "event", "type": "checkout.session.completed"}),  # no id
        json.dumps({"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": {}}),
        json.dumps({"id": "evt_2", "object": "event", "type": "checkout.session.completed", "data": {"object": "x"}}),
        json.dumps(
            {
                "id": "evt_3",
                "object": "event",
                "type": "checkout.session.expired",
                "data": {"object": {"id": "cs_" + "x" * 300}},
            }
        ),
        json.dumps({"id": "evt_" + "9" * 300, "object": "event", "type": "customer.created", "data": {"object": {}}}),
    ],
)
def test_malformed_but_signed_body_is_refused(client, fake_stripe, body):
    response = post_webhook(client, body)
    assert response.status_code == 400
    assert response.json()["error"] == "malformed"
    assert not WebhookEvent.objects.exists()


def test_unknown_event_is_acknowledged_and_ignored(client, fake_stripe, pending):
    event = stripe_event("customer.created", {"id": "cus_1", "object": "customer"})
    response = post_webhook(client, event)
    assert response.status_code == 200 and response.json()["outcome"] == "ignored"
    assert WebhookEvent.objects.get(event_id=event["id"]).outcome == "ignored"
    assert _reload(pending).status == "pending"


@pytest.mark.parametrize(
    ("field", "value"),
    [("amount_total", 100), ("currency", "usd"), ("amount_total", None), ("id", "cs_test_other")],
)
def test_amount_currency_or_session_mismatch_is_flagged_never_settled(
    client, fake_stripe, pending, handler, field, value
):
    session = dict(fake_stripe.complete(pending.provider_session_id), **{field: value})
    response = post_webhook(client, stripe_event("checkout.session.completed", session))
    assert response.status_code == 200 and response.json()["outcome"] == "flagged"
    payment = _reload(pending)
    assert payment.status == "pending" and payment.needs_attention
    assert handler.calls == []
    flagged = JournalEntry.objects.get(subject_id=str(payment.code), action="payment_flagged")
    assert flagged.actor_label == "stripe" and flagged.reason


def test_event_for_an_unknown_payment_is_unmatched_and_journaled(client, fake_stripe):
    session = {
        "id": "cs_test_unknown",
        "object": "checkout.session",
        "amount_total": 15000,
        "currency": "eur",
        "payment_status": "paid",
        "metadata": {"payment_code": str(uuid.uuid4())},
    }
    event = stripe_event("checkout.session.completed", session)
    assert post_webhook(client, event).json()["outcome"] == "unmatched"
    assert JournalEntry.objects.filter(action="provider_event_unmatched", subject_id=f"stripe:{event['id']}").exists()


def test_stripe_event_cannot_settle_a_local_payment(client, fake_stripe, make_payment, settings, handler):
    settings.PAYMENTS_PROVIDER = "local"
    payment = make_payment()
    session = {
        "id": "cs_test_x",
        "object": "checkout.session",
        "amount_total": payment.amount_minor,
        "currency": "eur",
        "payment_status": "paid",
        "metadata": {"payment_code": str(payment.code)},
    }
    assert post_webhook(client, stripe_event("checkout.session.completed", session)).json()["outcome"] == "unmatched"
    assert _reload(payment).status == "created" and handler.calls == []


def test_webhook_without_configured_secret_is_unavailable(client, fake_stripe, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = post_webhook(client, stripe_event("customer.created", {"id": "cus_1"}))
    assert response.status_code == 503


def test_webhook_only_accepts_post(client, fake_stripe):
    assert client.get(WEBHOOK_URL).status_code == 405


def test_signature_dated_in_the_future_is_refused(client, fake_stripe, pending, handler):
    import time

    session = fake_stripe.complete(pending.provider_session_id)
    event = stripe_event("checkout.session.completed", session)
    response = post_webhook(client, event, timestamp=int(time.time()) + 3600)
    assert response.status_code == 400 and response.json()["error"] == "signature"
    assert _reload(pending).status != "succeeded"
    # A few seconds of clock difference is fine.
    assert post_webhook(client, event, timestamp=int(time.time()) + 5).status_code == 200


def test_deeply_nested_signed_body_gets_a_400(client, fake_stripe):
    body = '{"id": "evt_deep", "type": "checkout.session.completed", "data": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = post_webhook(client, body)
    assert response.status_code == 400 and response.json()["error"] == "malformed"
