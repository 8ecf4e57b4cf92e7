"""The local imitation of hosted checkout: same settlement path as the webhook; refused
when switched off."""

import re
import uuid

import pytest

from audit.models import JournalEntry
from payments.exceptions import ProviderUnavailable
from payments.models import Payment, WebhookEvent
from payments.services import local_checkout_act, payment_checkout_url

pytestmark = pytest.mark.django_db


def _event_id(page) -> str:
    return re.search(rb'name="event_id" value="([0-9a-f-]{36})"', page.content).group(1).decode()


@pytest.fixture
def opened(make_payment, local_provider):
    payment = make_payment()
    url = payment_checkout_url(payment=payment, return_url="/en/", cancel_url="/en/")
    assert url == f"/payments/checkout/local/{payment.code}/"
    return Payment.objects.get(pk=payment.pk)


def test_pay_button_settles_through_the_shared_path(opened, client_for, handler):
    alice = client_for("alice")
    url = f"/payments/checkout/local/{opened.code}/"
    page = alice.get(url)
    assert page.status_code == 200
    assert b"Pay \xe2\x82\xac150.00" in page.content
    response = alice.post(url, {"action": "pay", "event_id": _event_id(page)})
    assert response.status_code == 302
    assert response["Location"] == f"/payments/{opened.code}/?returned=1"
    payment = Payment.objects.get(pk=opened.pk)
    assert payment.status == "succeeded"
    assert payment.provider_payment_intent == f"local_pi_{payment.code.hex}"
    assert handler.calls == [payment.reference]
    event = WebhookEvent.objects.get(payment=payment)
    assert (event.provider, event.outcome) == ("local", "settled")
    succeed = JournalEntry.objects.get(subject_id=str(payment.code), action="succeed")
    assert succeed.actor.email == "alice@example.org"


def test_double_submitted_pay_form_settles_once(opened, client_for, handler):
    alice = client_for("alice")
    url = f"/payments/checkout/local/{opened.code}/"
    event_id = _event_id(alice.get(url))
    for _ in range(3):
        assert alice.post(url, {"action": "pay", "event_id": event_id}).status_code == 302
    assert handler.calls == [opened.reference]
    assert WebhookEvent.objects.filter(provider="local").count() == 1


def test_pay_from_a_second_tab_after_paying_changes_nothing(opened, client_for, handler):
    alice = client_for("alice")
    url = f"/payments/checkout/local/{opened.code}/"
    alice.post(url, {"action": "pay", "event_id": str(uuid.uuid4())})
    alice.post(url, {"action": "fail", "event_id": str(uuid.uuid4())})
    assert Payment.objects.get(pk=opened.pk).status == "succeeded"
    assert list(WebhookEvent.objects.order_by("received_at", "pk").values_list("outcome", flat=True)) == [
        "settled",
        "no_change",
    ]
    assert b"no longer open" in alice.get(url).content


def test_fail_button(opened, client_for, handler):
    alice = client_for("alice")
    alice.post(f"/payments/checkout/local/{opened.code}/", {"action": "fail", "event_id": str(uuid.uuid4())})
    assert Payment.objects.get(pk=opened.pk).status == "failed"
    assert handler.calls == []


def test_cancel_button_changes_nothing(opened, client_for):
    response = client_for("alice").post(
        f"/payments/checkout/local/{opened.code}/", {"action": "cancel", "event_id": str(uuid.uuid4())}
    )
    assert response["Location"] == f"/payments/{opened.code}/?cancelled=1"
    assert Payment.objects.get(pk=opened.pk).status == "pending"
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"action": "pay"}, {"action": "steal", "event_id": str(uuid.uuid4())}, {"action": "pay", "event_id": "nope"}],
)
def test_bad_form_is_a_400_not_a_500(opened, client_for, data):
    response = client_for("alice").post(f"/payments/checkout/local/{opened.code}/", data)
    assert response.status_code == 400
    assert Payment.objects.get(pk=opened.pk).status == "pending"


def test_only_the_payer_sees_the_local_checkout(opened, client_for, client):
    url = f"/payments/checkout/local/{opened.code}/"
    assert client_for("oscar").get(url).status_code == 404
    assert client_for("ada").get(url).status_code == 404  # officials do not pay for others
    assert client.get(url).status_code == 302


def test_local_provider_refused_when_disabled(opened, client_for, settings, personas):
    settings.PAYMENTS_LOCAL_ENABLED = False
    url = f"/payments/checkout/local/{opened.code}/"
    alice = client_for("alice")
    assert alice.get(url).status_code == 404
    assert alice.post(url, {"action": "pay", "event_id": str(uuid.uuid4())}).status_code == 404
    with pytest.raises(ProviderUnavailable):
        local_checkout_act(payment=opened, action="pay", event_id=str(uuid.uuid4()), actor=personas["alice"])
    assert Payment.objects.get(pk=opened.pk).status == "pending"


def test_local_provider_refused_in_production_even_if_enabled(opened, client_for, settings):
    settings.PRODUCTION = True
    assert client_for("alice").get(f"/payments/checkout/local/{opened.code}/").status_code == 404


def test_checkout_of_a_local_payment_refused_when_disabled(make_payment, local_provider, settings):
    payment = make_payment()
    settings.PAYMENTS_LOCAL_ENABLED = False
    with pytest.raises(ProviderUnavailable):
        payment_checkout_url(payment=payment, return_url="/", cancel_url="/")
    assert Payment.objects.get(pk=payment.pk).status == "created"
