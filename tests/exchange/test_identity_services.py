"""The identity board's services in the exchange, and the demo data built on them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from exchange.constants import Refusal
from exchange.exceptions import QueryRefused
from exchange.models import AccessLogEntry, Agreement, Member, MessageLogEntry
from exchange.registry import get_service
from exchange.services import exchange_query
from tests.digital_id.conftest import _digital_id_settings, alice_application, made, office  # noqa: F401
from tests.exchange.conftest import make_active_agreement


@pytest.fixture
def alice_card(request):
    """Alice's digital ID, made and on its way (the digital ID tests' ``made``)."""
    return request.getfixturevalue("made")


def test_identity_board_registers_its_services():
    for code in ("identity_board.digital_id_status", "identity_board.person_basic"):
        service = get_service(code)
        assert service is not None and service.personal_data and service.provider == "identity_board"


def test_registrar_asks_whether_an_id_is_valid_through_the_exchange(alice_card, personas):
    code = alice_card.personal_code.code
    with pytest.raises(QueryRefused) as info:
        exchange_query(
            consumer="business_register", service="identity_board.digital_id_status", subject=code,
            purpose="founding a company", actor=personas["rita"],
        )  # fmt: skip
    assert info.value.code == Refusal.NO_AGREEMENT
    make_active_agreement(
        consumer="business_register",
        service_code="identity_board.digital_id_status",
        fields=["personal_code", "status"],
        provider_official=personas["ivan"],
        consumer_official=personas["rita"],
    )
    result = exchange_query(
        consumer="business_register", service="identity_board.digital_id_status", subject=code,
        purpose="founding a company", actor=personas["rita"],
    )  # fmt: skip
    assert result.data == {"personal_code": code, "status": "unknown"}  # not handed over yet
    entry = AccessLogEntry.objects.get(service_code="identity_board.digital_id_status")
    assert entry.person == personas["alice"] and entry.reader == personas["rita"]
    with pytest.raises(QueryRefused) as unknown:
        exchange_query(
            consumer="business_register", service="identity_board.digital_id_status", subject="12345",
            purpose="founding a company", actor=personas["rita"],
        )  # fmt: skip
    assert unknown.value.code == Refusal.UNKNOWN_SUBJECT


@pytest.mark.django_db(transaction=True)
def test_demo_exchange_builds_a_bank_with_reads_of_alice(alice_card, personas):
    out = StringIO()
    call_command("demo_exchange", stdout=out)
    call_command("demo_exchange", stdout=StringIO())  # idempotent
    bank = Member.objects.get(name="Demo Bank AS")
    agreement = Agreement.objects.get(consumer_member=bank)
    assert bank.state == "approved" and agreement.state == "active" and agreement.fully_signed()
    assert AccessLogEntry.objects.filter(person=personas["alice"], member=bank).count() == 3
    assert MessageLogEntry.objects.filter(member=bank, batch__isnull=False).count() == 3
    assert "client secret" in out.getvalue()
