"""Fixtures for the payments tests: a fake Stripe server on loopback, signed webhooks,
a recording settlement handler and quick ways to make payments."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import stripe
from django.test import Client

from payments import registry
from payments.services import payment_create
from tests.payments.fake_stripe import FakeStripe, FakeStripeServer

WEBHOOK_SECRET = "whsec_test_secret_for_payments"
WEBHOOK_URL = "/payments/hooks/stripe/"
PURPOSE = "test_purpose"


@pytest.fixture(autouse=True)
def _no_receipt_sealer():
    """Payments is tested on its own: receipts here are unsealed unless a test registers a
    sealer. The sealer the e-Residency app registers at start-up is put back afterwards
    (tests/eresidency checks that real receipts are sealed)."""
    saved = registry.receipt_sealer()
    registry.register_receipt_sealer(None)
    yield
    registry.register_receipt_sealer(saved)


@pytest.fixture
def fake_stripe(settings) -> Iterator[FakeStripe]:
    with FakeStripeServer() as fake:
        settings.PAYMENTS_PROVIDER = "stripe"
        settings.STRIPE_SECRET_KEY = "sk_test_fake_key"
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_WEBHOOK_TOLERANCE = 300
        settings.STRIPE_API_BASE = fake.url
        settings.STRIPE_MAX_NETWORK_RETRIES = 0
        yield fake


@pytest.fixture
def local_provider(settings) -> None:
    settings.PAYMENTS_PROVIDER = "local"
    settings.PAYMENTS_LOCAL_ENABLED = True


class HandlerRecorder:
    """A settlement handler for PURPOSE that records calls and can be told to fail."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.failures_left = 0

    def __call__(self, payment: Any) -> None:
        from audit.services import journal_record

        self.calls.append(payment.reference)
        # A write inside the savepoint: it must vanish when the handler fails.
        journal_record(actor="test-handler", action="handler_ran", subject=("test.thing", payment.reference))
        if self.failures_left:
            self.failures_left -= 1
            raise RuntimeError("the e-Residency app is having a bad day")


@pytest.fixture
def handler() -> Iterator[HandlerRecorder]:
    recorder = HandlerRecorder()
    registry.register_settlement_handler(PURPOSE, recorder)
    yield recorder
    registry.unregister_settlement_handler(PURPOSE)


@pytest.fixture
def make_payment(personas) -> Callable[..., Any]:
    def make(payer: str = "alice", *, reference: str | None = None, fee_code: str = "eresidency_state_fee", **kw: Any):
        return payment_create(
            payer=personas[payer],
            purpose=kw.pop("purpose", PURPOSE),
            reference=reference or f"APP-{uuid.uuid4().hex[:8]}",
            fee_code=fee_code,
            description=kw.pop("description", "e-Residency state fee"),
            actor=personas[payer],
            **kw,
        )

    return make


def stripe_event(event_type: str, obj: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:20]}",
        "object": "event",
        "api_version": "2025-09-30.clover",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
        "data": {"object": obj},
    }


def post_webhook(
    client: Client,
    event: dict[str, Any] | str,
    *,
    secret: str = WEBHOOK_SECRET,
    timestamp: int | None = None,
    signature: str | None = None,
):
    body = event if isinstance(event, str) else json.dumps(event)
    header = signature or stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)
    return client.post(WEBHOOK_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
