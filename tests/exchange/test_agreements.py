"""Agreements: drafted as PDF/A, signed by both responsible officials with their digital
IDs (real PAdES), active from the second signature, journaled at every step."""

from __future__ import annotations

from datetime import date

import pytest
from django_fsm import TransitionNotAllowed

from audit.selectors import journal_for
from audit.services import transition
from exchange.exceptions import AgreementError
from exchange.services import agreement_create, agreement_end, agreement_sign

PIN2 = "86420"


def _official_with_id(user, personal_code):
    from trust.services import person_credentials_issue

    creds = person_credentials_issue(
        personal_code=personal_code,
        given_name=user.given_name,
        surname=user.surname,
        holder=user,
        actor="test",
        pin2_change_required=False,
    )
    from trust.services import pin_change

    pin_change(credential=creds.credential, role="sign", old_pin=creds.pin2, new_pin=PIN2, actor="test")
    return creds


@pytest.fixture
def draft(personas, company_register, bank):
    return agreement_create(
        service_code="business_register.representation",
        consumer=bank,
        fields=["name", "representatives"],
        purpose="know your customer",
        legal_basis="MLTFPA § 20",
        provider_official=personas["rita"],
        consumer_official=bank.contact,
        valid_from=date(2026, 1, 1),
        actor=personas["ada"],
    )


def test_draft_is_a_pdf_and_cannot_be_activated_unsigned(draft):
    assert bytes(draft.document).startswith(b"%PDF")
    assert draft.state == "draft"
    with pytest.raises(TransitionNotAllowed):
        transition(draft, "activate", actor="test")


@pytest.mark.django_db(transaction=True)
def test_both_officials_sign_with_their_digital_ids(pki, draft, personas, bank):
    from trust.validation import validate_pdf_bytes

    _official_with_id(personas["rita"], "47101010033")
    _official_with_id(bank.contact, "38001085718")
    with pytest.raises(AgreementError):
        agreement_sign(agreement=draft, signer=personas["ivan"], pin2=PIN2)  # not a party
    with pytest.raises(AgreementError) as wrong:
        agreement_sign(agreement=draft, signer=personas["rita"], pin2="11111")
    assert wrong.value.code == "signing"
    once = agreement_sign(agreement=draft, signer=personas["rita"], pin2=PIN2)
    assert once.state == "draft" and once.provider_signed_at
    twice = agreement_sign(agreement=once, signer=bank.contact, pin2=PIN2)
    assert twice.state == "active" and twice.activated_at
    report = validate_pdf_bytes(bytes(twice.document))
    assert len(report.signatures) == 2
    assert all(s.intact for s in report.signatures)
    actions = [e.action for e in journal_for(twice)]
    assert actions == ["agreement_drafted", "agreement_signed", "agreement_signed", "activate"]


def test_bad_drafts_are_refused_with_a_reason(personas, company_register, bank):
    base = {
        "service_code": "business_register.representation",
        "consumer": bank,
        "fields": ["name"],
        "purpose": "p",
        "legal_basis": "b",
        "provider_official": personas["rita"],
        "consumer_official": bank.contact,
        "valid_from": date(2026, 1, 1),
        "actor": "t",
    }
    for change, code in [
        ({"fields": ["name", "salary"]}, "fields"),
        ({"fields": []}, "fields"),
        ({"service_code": "x.y"}, "unknown_service"),
        ({"purpose": ""}, "purpose"),
        ({"valid_until": date(2025, 1, 1)}, "valid_until"),
        ({"consumer_official": personas["rita"]}, "consumer_official"),
        ({"consumer": "business_register"}, "consumer"),
    ]:
        with pytest.raises(AgreementError) as info:
            agreement_create(**{**base, **change})
        assert info.value.code == code


def test_ending_needs_a_reason_and_is_journaled(draft, personas):
    with pytest.raises(AgreementError):
        agreement_end(agreement=draft, actor=personas["rita"], reason=" ")
    ended = agreement_end(agreement=draft, actor=personas["rita"], reason="never signed")
    assert ended.state == "ended"
    assert journal_for(ended).last().reason == "never signed"
