"""The payer's pages and the administrators' pages, through HTTP."""

import uuid
from decimal import Decimal

import pytest

from payments.models import Payment
from payments.services import local_checkout_act, payment_checkout_url

pytestmark = pytest.mark.django_db


def _paid(make_payment, personas, **kw):
    payment = make_payment(**kw)
    payment_checkout_url(payment=payment, return_url="/en/eresidency/", cancel_url="/en/")
    local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=personas["alice"])
    return Payment.objects.get(pk=payment.pk)


def test_my_payments_lists_only_mine(make_payment, client_for, local_provider):
    mine = make_payment("alice", description="Alice's state fee")
    theirs = make_payment("oscar", description="Oscar's state fee")
    page = client_for("alice").get("/payments/")
    assert page.status_code == 200
    assert mine.description.encode() in page.content.replace(b"&#x27;", b"'")
    assert str(theirs.code).encode() not in page.content


def test_status_page_while_waiting_polls_our_database(make_payment, client_for, local_provider):
    payment = make_payment()
    payment_checkout_url(payment=payment, return_url="/en/eresidency/", cancel_url="/en/")
    page = client_for("alice").get(f"/payments/{payment.code}/?returned=1")
    assert page.status_code == 200
    assert b"Waiting for confirmation" in page.content
    assert f'data-poll-url="/payments/{payment.code}/status.json"'.encode() in page.content
    assert b"payments/payment-status.js" in page.content
    assert b'http-equiv="refresh"' in page.content
    status = client_for("alice").get(f"/payments/{payment.code}/status.json")
    assert status.json() == {"status": "pending", "label": "Waiting for payment", "settled": False, "final": False}
    assert status["Cache-Control"] == "no-store"


def test_returned_redirect_is_not_trusted(make_payment, client_for, local_provider):
    payment = make_payment()
    payment_checkout_url(payment=payment, return_url="/", cancel_url="/")
    page = client_for("alice").get(f"/payments/{payment.code}/?returned=1&status=succeeded")
    assert b"Paid. Thank you." not in page.content
    assert Payment.objects.get(pk=payment.pk).status == "pending"


def test_status_page_when_paid(make_payment, client_for, local_provider, handler, personas):
    payment = _paid(make_payment, personas)
    page = client_for("alice").get(f"/payments/{payment.code}/")
    assert b"Paid. Thank you." in page.content
    assert f"/payments/{payment.code}/receipt.pdf".encode() in page.content
    assert b'href="/en/eresidency/"' in page.content  # continue to the caller's page
    assert b"payment-status.js" not in page.content
    assert client_for("alice").get(f"/payments/{payment.code}/status.json").json()["settled"] is True


def test_cancelled_page_offers_to_try_again(make_payment, client_for, local_provider):
    payment = make_payment()
    payment_checkout_url(payment=payment, return_url="/en/eresidency/", cancel_url="/en/back/")
    page = client_for("alice").get(f"/payments/{payment.code}/?cancelled=1")
    assert b"You left the checkout without paying." in page.content
    assert f'action="/payments/{payment.code}/pay/"'.encode() in page.content
    assert b'href="/en/back/"' in page.content
    assert b"data-poll-url" not in page.content


@pytest.mark.parametrize(("action", "text"), [("fail", b"The payment failed."), ("pay", b"Paid. Thank you.")])
def test_status_page_after_the_checkout(make_payment, client_for, local_provider, personas, action, text):
    payment = make_payment()
    payment_checkout_url(payment=payment, return_url="/en/eresidency/", cancel_url="/en/")
    local_checkout_act(payment=payment, action=action, event_id=str(uuid.uuid4()), actor=personas["alice"])
    page = client_for("alice").get(f"/payments/{payment.code}/?returned=1")
    assert text in page.content
    assert b"data-poll-url" not in page.content


def test_expired_payment_page(make_payment, client_for, fake_stripe):
    from tests.payments.conftest import post_webhook, stripe_event

    payment = make_payment()
    payment_checkout_url(payment=payment, return_url="/en/eresidency/", cancel_url="/en/")
    payment.refresh_from_db()
    post_webhook(
        client_for("alice"), stripe_event("checkout.session.expired", fake_stripe.expire(payment.provider_session_id))
    )
    page = client_for("alice").get(f"/payments/{payment.code}/")
    assert b"expired before it was completed" in page.content
    assert b"Back to start a new payment" in page.content
    assert (
        client_for("alice").post(f"/payments/{payment.code}/pay/", follow=True).content.count(b"This payment is closed")
        == 1
    )


def test_pay_button_goes_to_the_checkout(make_payment, client_for, local_provider):
    payment = make_payment()
    response = client_for("alice").post(f"/payments/{payment.code}/pay/")
    assert response.status_code == 302
    assert response["Location"] == f"/payments/checkout/local/{payment.code}/"
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    assert client_for("oscar").post(f"/payments/{payment.code}/pay/").status_code == 404
    assert client_for("alice").get(f"/payments/{payment.code}/pay/").status_code == 405


def test_pay_button_with_the_provider_down_shows_an_error(make_payment, client_for, fake_stripe):
    payment = make_payment()
    fake_stripe.fail_next.append((500, {"error": {"type": "api_error", "message": "down"}}))
    alice = client_for("alice")
    response = alice.post(f"/payments/{payment.code}/pay/", follow=True)
    assert response.status_code == 200
    assert b"not available right now" in response.content
    assert Payment.objects.get(pk=payment.pk).status == "created"


def test_pay_button_with_stripe_redirects_to_stripe(make_payment, client_for, fake_stripe):
    payment = make_payment()
    response = client_for("alice").post(f"/payments/{payment.code}/pay/")
    assert response["Location"].startswith("https://checkout.stripe.test/c/pay/cs_test_")


@pytest.mark.parametrize("who", ["oscar"])
def test_other_payers_get_404(make_payment, client_for, who):
    payment = make_payment()
    for url in (f"/payments/{payment.code}/", f"/payments/{payment.code}/status.json"):
        assert client_for(who).get(url).status_code == 404


def test_unknown_payment_is_404(client_for):
    assert client_for("alice").get(f"/payments/{uuid.uuid4()}/").status_code == 404
    assert client_for("alice").get("/payments/not-a-uuid/").status_code == 404


def test_officials_read_only_their_own_agencys_payments_and_each_read_is_logged(make_payment, client_for, personas):
    from eresidency.constants import PAYMENT_PURPOSE
    from exchange.models import AccessLogEntry

    payment = make_payment(purpose=PAYMENT_PURPOSE)
    page = client_for("ivan").get(f"/payments/{payment.code}/")
    assert page.status_code == 200
    assert b"/pay/" not in page.content
    for other in ("pia", "rita", "tom"):
        assert client_for(other).get(f"/payments/{payment.code}/").status_code == 404
    assert client_for("aud").get(f"/payments/{payment.code}/").status_code == 200
    entries = AccessLogEntry.objects.filter(record_id=str(payment.code))
    assert sorted(e.reader.email for e in entries) == ["aud@audit.example.org", "ivan@identity.example.org"]
    assert {e.person_id for e in entries} == {personas["alice"].pk}
    # A payment for a purpose no agency claims: only the payer and the oversight roles.
    other = make_payment()
    assert client_for("ivan").get(f"/payments/{other.code}/").status_code == 404
    assert client_for("alice").get(f"/payments/{other.code}/").status_code == 200


def test_operations_page_is_for_administrators_only(client_for, client):
    assert client_for("ada").get("/payments/operations/").status_code == 200
    for other in ("alice", "ivan", "aud", "rita"):
        assert client_for(other).get("/payments/operations/").status_code == 403
    assert client_for("ada", second_factor=False).get("/payments/operations/").status_code == 302
    assert client.get("/payments/operations/").status_code == 302


def test_administrator_refunds_part_of_a_payment(make_payment, client_for, local_provider, handler, personas):
    payment = _paid(make_payment, personas)
    ada = client_for("ada")
    manage = f"/payments/operations/payments/{payment.code}/"
    assert ada.get(manage).status_code == 200
    response = ada.post(manage + "refund/", {"amount": "20.00", "reason": "Duplicate pick-up fee"})
    assert response.status_code == 302
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("partially_refunded", Decimal("20.00"))
    bad = ada.post(manage + "refund/", {"amount": "500", "reason": "too much"})
    assert bad.status_code == 400 and b"At most" in bad.content
    bad = ada.post(manage + "refund/", {"amount": "abc", "reason": ""})
    assert bad.status_code == 400
    assert client_for("alice").post(manage + "refund/", {"reason": "me"}).status_code == 403
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("20.00")


def test_administrator_resolves_a_flagged_payment(make_payment, client_for, personas):
    from payments.services.state import flag_payment

    payment = make_payment()
    flag_payment(payment, reason="Amount mismatch", actor="stripe")
    ada = client_for("ada")
    assert b"Amount mismatch" in ada.get("/payments/operations/").content
    manage = f"/payments/operations/payments/{payment.code}/"
    assert ada.post(manage + "resolve/", {"note": ""}).status_code == 400
    assert ada.post(manage + "resolve/", {"note": "Refunded at Stripe"}).status_code == 302
    assert not Payment.objects.get(pk=payment.pk).needs_attention


def test_home_panels_are_registered_and_render(make_payment, personas, rf):
    from django.template.loader import render_to_string

    from accounts.home import panels_for

    payment = make_payment()
    for role, key, expected in (
        ("applicant", "payments", payment.description.encode()),
        ("administrator", "payments_ops", b"Payment operations"),
    ):
        (panel,) = [p for p in panels_for(role) if p.key == key]
        request = rf.get("/")
        request.user = personas["alice" if role == "applicant" else "ada"]
        html = render_to_string(panel.template, {"panel_context": panel.context(request)})
        assert expected in html.encode()


def test_django_admin_pages_render(make_payment, local_provider, personas, django_user_model):
    from django.test import Client

    from tests.conftest import signed_in_client

    payment = make_payment()
    local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=personas["alice"])
    root = django_user_model.objects.create_superuser(email="root@example.org", password="x" * 16)
    admin: Client = signed_in_client(root)
    for model in ("fee", "payment", "webhookevent", "settlementhandoff"):
        assert admin.get(f"/admin/payments/{model}/").status_code == 200, model
    assert admin.get(f"/admin/payments/payment/{payment.pk}/change/").status_code == 200
    handoff = payment.handoff
    response = admin.post(
        "/admin/payments/settlementhandoff/",
        {"action": "retry_now", "_selected_action": [handoff.pk]},
    )
    assert response.status_code == 302
