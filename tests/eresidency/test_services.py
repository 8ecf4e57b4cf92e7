"""The applicant's side through the services: drafts, submission, restrictions, payment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from audit.selectors import journal_for
from eresidency import services
from eresidency.constants import FLAG_RESTRICTION_EXCEPTION, State, Step
from eresidency.deadlines import add_days, tallinn_date
from eresidency.exceptions import (
    Incomplete,
    NotEditable,
    OpenApplicationExists,
    RestrictedNationality,
    WrongState,
)
from eresidency.models import Application
from eresidency.selectors import restriction_for, steps_for
from tests.eresidency.conftest import claim_exception, make_draft, personal, settle

pytestmark = pytest.mark.usefixtures("locations")


def test_only_one_open_application_per_person(personas):
    alice = personas["alice"]
    first = services.application_start(applicant=alice, actor=alice)
    with pytest.raises(OpenApplicationExists) as error:
        services.application_start(applicant=alice, actor=alice)
    assert error.value.application == first
    services.application_withdraw(application=first, actor=alice)
    second = services.application_start(applicant=alice, actor=alice)
    assert second.pk != first.pk
    assert Application.objects.filter(applicant=alice).count() == 2


def test_a_complete_draft_submits_and_waits_for_payment(personas):
    alice = personas["alice"]
    app = make_draft(alice)
    assert services.application_problems(app) == []
    app = services.application_submit(application=app, actor=alice)
    assert app.state == State.SUBMITTED and app.submitted_at is not None
    assert [e.action for e in journal_for(app)] == ["create", "submit"]
    assert not app.flagged


def test_double_submit_is_refused_without_a_second_transition(personas):
    alice = personas["alice"]
    app = make_draft(alice)
    services.application_submit(application=app, actor=alice)
    with pytest.raises(WrongState):
        services.application_submit(application=app, actor=alice)
    assert [e.action for e in journal_for(app)].count("submit") == 1


def test_incomplete_draft_lists_what_is_missing(personas):
    alice = personas["alice"]
    app = make_draft(alice, skip=(Step.PHOTO, Step.CONSENT))
    with pytest.raises(Incomplete) as error:
        services.application_submit(application=app, actor=alice)
    assert "Photo" in str(error.value) and "Consent" in str(error.value)
    assert Application.objects.get(pk=app.pk).state == State.DRAFT


def test_expired_document_and_mrz_mismatch_block_submission(personas):
    alice = personas["alice"]
    app = make_draft(alice)
    # Change the birth date after the MRZ was checked: the review catches the disagreement.
    app = services.application_save_step(
        application=app, step=Step.PERSONAL, data=personal(date_of_birth=date(1985, 8, 13)), actor=alice
    )
    Application.objects.filter(pk=app.pk).update(document_expiry=tallinn_date() - timedelta(days=1))
    problems = services.application_problems(Application.objects.get(pk=app.pk))
    assert any("expired" in p for p in problems)
    assert any("date of birth" in p for p in problems)


def test_only_the_applicant_can_change_a_draft(personas):
    app = make_draft(personas["alice"])
    with pytest.raises(NotEditable):
        services.application_save_step(application=app, step=Step.PERSONAL, data=personal(), actor=personas["oscar"])
    with pytest.raises(NotEditable):
        services.application_submit(application=app, actor=personas["oscar"])


def test_submitted_application_cannot_be_edited(personas):
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    with pytest.raises(NotEditable):
        services.application_save_step(application=app, step=Step.PERSONAL, data=personal(), actor=alice)


# --- Citizenship restrictions -------------------------------------------------------------


def test_restrictions_are_dated_data():
    assert restriction_for("RU", on=date(2022, 2, 28)) is None
    assert restriction_for("RU", on=date(2022, 3, 1)).country == "RU"
    assert restriction_for("BY", on=date(2024, 1, 1)) is not None
    assert restriction_for("NG", on=date(2025, 9, 30)) is None
    group_i = restriction_for("NG", on=date(2025, 10, 1))
    assert group_i is not None and "20⁶(11)" in group_i.legal_reference
    for country in ("AF", "BF", "IR", "YE", "CD", "KP", "SS", "ML", "NG", "SY"):
        assert restriction_for(country, on=date(2026, 1, 1)) is not None
    assert restriction_for("SE", on=date(2026, 1, 1)) is None


def test_restricted_citizen_without_an_exception_cannot_submit(personas):
    alice = personas["alice"]
    app = make_draft(alice, person=personal(citizenship="RU"))
    assert Step.ELIGIBILITY in steps_for(app)
    app = services.application_save_step(
        application=app,
        step=Step.ELIGIBILITY,
        data={"exception_kind": "", "exception_details": ""},
        actor=alice,
    )
    assert "Russia" in services.restriction_message(app)
    with pytest.raises(RestrictedNationality) as error:
        services.application_submit(application=app, actor=alice)
    assert "2022" in str(error.value)
    assert Application.objects.get(pk=app.pk).state == State.DRAFT


def test_restricted_citizen_claiming_an_exception_submits_flagged(personas):
    alice = personas["alice"]
    app = claim_exception(make_draft(alice, person=personal(citizenship="IR")))
    assert app.exception_evidence.name.startswith("eresidency/documents/")
    app = services.application_submit(application=app, actor=alice)
    assert app.flagged
    assert [f["code"] for f in app.flags] == [FLAG_RESTRICTION_EXCEPTION]
    assert app.restriction.country == "IR"


def test_restricted_citizen_is_stopped_before_paying(personas, local_payments):
    """A restriction that comes into force after submission still stops the payment."""
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice, person=personal(citizenship="TZ")), actor=alice)
    from eresidency.models import NationalityRestriction

    NationalityRestriction.objects.create(country="TZ", valid_from=tallinn_date(), legal_reference="Test regulation")
    with pytest.raises(RestrictedNationality):
        services.application_checkout(application=app, actor=alice, return_url="/", cancel_url="/")
    from payments.selectors import payment_for

    assert payment_for(purpose="eresidency_application", reference=str(app.code)) is None


# --- Payment ------------------------------------------------------------------------------


def test_checkout_creates_one_payment_however_often_it_is_asked(personas, local_payments):
    from payments.models import Payment
    from payments.selectors import payment_for

    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    first = services.application_checkout(application=app, actor=alice, return_url="/a/", cancel_url="/b/")
    second = services.application_checkout(application=app, actor=alice, return_url="/a/", cancel_url="/b/")
    assert first == second
    payment = payment_for(purpose="eresidency_application", reference=str(app.code))
    assert payment.amount == payment.fee.amount
    assert Payment.objects.filter(reference=str(app.code)).count() == 1


def test_fee_variant_follows_the_pick_up_location_while_the_embassy_tier_exists(personas):
    from eresidency.models import PickupLocation

    alice = personas["alice"]
    app = make_draft(alice)
    from payments.selectors import fee_amount

    assert services.fee_variant_for(app) == ""
    app.pickup_location = PickupLocation.objects.get(code="th-bangkok")
    assert services.fee_variant_for(app) == "embassy"
    assert fee_amount("eresidency_state_fee", on=date(2024, 6, 1), variant="embassy") == Decimal("120.00")
    # Since 2025 the fee is flat, wherever the card is collected.
    assert fee_amount("eresidency_state_fee", on=date(2025, 6, 1), variant="embassy") == Decimal("150.00")


def test_settlement_moves_to_paid_and_starts_the_clock(personas, sdn_list, django_capture_on_commit_callbacks):
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        settle(app)
    app.refresh_from_db()
    assert app.paid_at is not None
    assert app.decision_due == add_days(tallinn_date(app.paid_at), 30, "calendar")
    assert app.state == State.IN_REVIEW  # screening ran with the immediate task backend
    subjects = [m.subject for m in mail.outbox]
    assert "We received your state fee" in subjects


def test_settlement_is_idempotent(personas, django_capture_on_commit_callbacks):
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    with django_capture_on_commit_callbacks(execute=False):
        settle(app)
        settle(app)
    actions = [e.action for e in journal_for(app)]
    assert actions.count("pay") == 1
    assert "payment_repeated" in actions


def test_payment_after_withdrawal_is_recorded_for_a_refund(personas):
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    services.application_withdraw(application=app, actor=alice, reason="changed my mind")
    settle(app)
    app.refresh_from_db()
    assert app.state == State.WITHDRAWN
    assert "payment_after_withdrawal" in [e.action for e in journal_for(app)]


def test_working_day_rule_is_a_setting(settings):
    settings.ERESIDENCY_DECISION_DAY_KIND = "working"
    from eresidency.deadlines import decision_due

    # Friday 2026-01-02 + 30 working days (weekends skipped; no holidays in between).
    assert decision_due(date(2026, 1, 2)) == date(2026, 2, 13)
    settings.ERESIDENCY_DECISION_DAY_KIND = "calendar"
    assert decision_due(date(2026, 1, 2)) == date(2026, 2, 1)
