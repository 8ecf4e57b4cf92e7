"""Renewal: invitation three months ahead (once), a pre-filled renewal, the fee again, a
lighter check, a new card with the same personal code, the old one revoked (superseded)
when the new one is handed over."""

import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from digital_id.constants import RENEWAL_PURPOSE, IdState, RenewalKind, RenewalState
from digital_id.dates import add_months, tallinn_date
from digital_id.exceptions import NotAllowed, WrongState
from digital_id.models import DigitalId, Renewal
from digital_id.services import renewal_checkout, renewal_decide, renewal_start
from tests.digital_id.conftest import arrive, hand_over


def _expiring(card, months=2):
    DigitalId.objects.filter(pk=card.pk).update(expires_on=add_months(tallinn_date(), months))
    card.refresh_from_db()
    return card


def test_invitations_go_out_once_three_months_ahead(handed, django_capture_on_commit_callbacks):
    call_command("send_renewal_invitations")
    assert mail.outbox == []  # five years to go
    _expiring(handed.card, months=2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_renewal_invitations")
        call_command("send_renewal_invitations")
    assert [m.subject for m in mail.outbox] == ["Your digital ID expires soon: renew it"]
    assert handed.card.document_number in mail.outbox[0].body
    handed.card.refresh_from_db()
    assert handed.card.renewal_invited_on == tallinn_date()


def _data(office, **overrides):
    data = {
        "travel_document_type": "passport",
        "travel_document_number": "C55NEW777",
        "travel_document_country": "DE",
        "travel_document_expiry": date(2036, 1, 1),
        "pickup_location": office,
    }
    data.update(overrides)
    return data


def _pay(renewal, capture):
    from payments.selectors import payment_for
    from payments.services import local_checkout_act

    renewal_checkout(renewal=renewal, actor=renewal.holder, return_url="/id/")
    payment = payment_for(purpose=RENEWAL_PURPOSE, reference=str(renewal.code))
    with capture(execute=True):
        local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=renewal.holder)
    renewal.refresh_from_db()
    return payment


def test_renewal_is_flagged_without_a_sanctions_list_and_an_official_approves(
    handed, office, personas, django_capture_on_commit_callbacks
):
    card = _expiring(handed.card)
    renewal = renewal_start(digital_id=card, actor=card.holder, data=_data(office))
    assert renewal.kind == RenewalKind.EXPIRY and renewal.state == RenewalState.AWAITING_PAYMENT
    with pytest.raises(WrongState):
        renewal_start(digital_id=card, actor=card.holder, data=_data(office))
    payment = _pay(renewal, django_capture_on_commit_callbacks)
    assert str(payment.amount) == "150.00"  # the same fee as a new application (from 2025)
    assert renewal.state == RenewalState.IN_REVIEW
    assert "No sanctions list is loaded" in " ".join(renewal.screening["reasons"])
    with pytest.raises(NotAllowed):
        renewal_decide(renewal=renewal, actor=personas["pia"], approve=True, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        renewal_decide(renewal=renewal, actor=personas["ivan"], approve=True, reason="Checked by hand")
    renewal.refresh_from_db()
    assert renewal.state == RenewalState.APPROVED
    new = renewal.new_digital_id
    assert new.state == IdState.MANUFACTURED and new.previous == card
    assert new.personal_code == card.personal_code  # for life
    assert new.document_number != card.document_number
    assert new.travel_document_number == "C55NEW777"
    assert "Your new digital ID is ordered" in [m.subject for m in mail.outbox]
    # The old card works until the new one is handed over; then it is revoked as superseded.
    card.refresh_from_db()
    assert card.state == IdState.ACTIVE
    hand_over(arrive(new, personas["pia"]), personas["pia"], number="C55NEW777")
    card.refresh_from_db()
    assert card.state == IdState.REVOKED and card.revocation_reason == "superseded"
    card.signing_certificate.refresh_from_db()
    assert card.signing_certificate.status == "revoked" and card.signing_certificate.revocation_reason == "superseded"


def test_clear_screening_approves_without_an_official(handed, office, django_capture_on_commit_callbacks, monkeypatch):
    import screening.services
    from screening.results import ScreeningResult

    seen = {}

    def clear(**kwargs):
        seen.update(kwargs)
        return ScreeningResult(list_version_id=1, list_label="test list", hits=[], clear=True)

    monkeypatch.setattr(screening.services, "screen_person", clear)
    card = _expiring(handed.card)
    renewal = renewal_start(digital_id=card, actor=card.holder, data=_data(office))
    _pay(renewal, django_capture_on_commit_callbacks)
    assert renewal.state == RenewalState.APPROVED and renewal.new_digital_id.state == IdState.MANUFACTURED
    assert seen["surname"] == card.surname and seen["date_of_birth"] == card.date_of_birth


def test_refusal_needs_a_reason(handed, office, personas, django_capture_on_commit_callbacks):
    renewal = renewal_start(digital_id=handed.card, actor=handed.card.holder, data=_data(office))
    assert renewal.kind == RenewalKind.REPLACEMENT
    _pay(renewal, django_capture_on_commit_callbacks)
    with pytest.raises(Exception, match="Say why"):
        renewal_decide(renewal=renewal, actor=personas["ivan"], approve=False, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        renewal_decide(renewal=renewal, actor=personas["ivan"], approve=False, reason="Unpaid company taxes")
    renewal.refresh_from_db()
    assert renewal.state == RenewalState.REFUSED
    assert not DigitalId.objects.filter(renewal=renewal).exists()
    assert "Your renewal was refused" in [m.subject for m in mail.outbox]


def test_a_card_not_yet_handed_over_cannot_be_renewed(made):
    from digital_id.services.renewal import renewal_blocker

    assert "not been handed over" in renewal_blocker(made)


def test_expired_travel_document_is_refused(handed, office):
    with pytest.raises(Exception, match="travel document has expired"):
        renewal_start(
            digital_id=handed.card,
            actor=handed.card.holder,
            data=_data(office, travel_document_expiry=tallinn_date() - timedelta(days=1)),
        )
    assert not Renewal.objects.exists()
