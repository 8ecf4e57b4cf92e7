"""The state factories make rows the services accept as they are."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory, DigitalIdFactory, PaymentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_application_in_review_can_be_claimed_by_an_official():
    from eresidency import services

    app = ApplicationFactory(in_review=True)
    official = UserFactory(identity_official=True)
    services.application_claim(application=app, actor=official)
    app.refresh_from_db()
    assert app.state == "in_review" and app.claimed_by == official and app.decision_due is not None


def test_an_overdue_application_is_counted_as_overdue():
    from eresidency.selectors import queue_counts

    ApplicationFactory(overdue=True)
    ApplicationFactory(in_review=True)
    counts = queue_counts()
    assert counts["overdue"] == 1 and counts["in_review"] == 2


def test_a_card_at_the_pick_up_point_belongs_to_its_approved_application():
    card = DigitalIdFactory(at_pickup_point=True)
    assert card.state == "at_pickup_point" and card.pickup_deadline is not None
    assert card.application.state == "approved" and card.application.applicant == card.holder
    assert card.personal_code.person == card.holder


def test_cards_in_several_states_have_distinct_numbers_and_codes():
    cards = [DigitalIdFactory(), DigitalIdFactory(manufactured=True), DigitalIdFactory(suspended=True)]
    assert len({c.document_number for c in cards}) == 3
    assert len({c.personal_code.code for c in cards}) == 3


def test_a_succeeded_payment_is_what_the_selectors_find():
    from payments.selectors import payment_for

    payment = PaymentFactory(succeeded=True, reference="app-1")
    assert payment_for(purpose="eresidency_application", reference="app-1") == payment
    assert payment.status == "succeeded" and payment.succeeded_at is not None
