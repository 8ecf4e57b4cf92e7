"""Fixtures for the business register tests: companies written straight into the register
(as an import would), reservations through the services."""

from __future__ import annotations

from datetime import date

import pytest

from companies.models import BoardMember, Company
from tests.eresidency.conftest import sdn_list  # noqa: F401  (a fixture: a slice of the real OFAC list)


def make_company(name: str, registry_code: str, *, board=(), **fields) -> Company:
    company = Company(
        name=name, registry_code=registry_code, registered_on=fields.pop("registered_on", date(2020, 1, 6)), **fields
    )
    company.set_keys()
    company.save()
    for member in board:
        BoardMember.objects.create(company=company, starts_on=company.registered_on, **member)
    return company


@pytest.fixture
def fotoluks(db) -> Company:
    return make_company("Fotoluks OÜ", "12345678", email="info@fotoluks.example", address="Narva mnt 5, Tallinn")


# --- E-residents with active digital IDs (made through the identity board's services) ------


@pytest.fixture(autouse=True)
def _companies_settings(settings):
    settings.PAYMENTS_PROVIDER = "local"
    settings.PAYMENTS_LOCAL_ENABLED = True


@pytest.fixture
def office(db):
    from eresidency.models import PickupLocation

    return PickupLocation.objects.create(
        code="tallinn-ppa",
        name="PPA service office",
        kind="ppa_office",
        country="EE",
        city="Tallinn",
        address="Tammsaare tee 47",
    )


def issue_card(user, office, capture, official, **overrides):
    """Approved application → card made → arrived → handed over → PIN2 changed to NEW_PIN2."""
    from digital_id.services import pin_change
    from tests.digital_id.conftest import NEW_PIN2, approved_application, arrive, hand_over, order_card

    application = approved_application(user, office, **overrides)
    card = arrive(order_card(application, capture), official)
    handed = hand_over(card, official)
    pin_change(digital_id=handed.card, actor=user, role="sign", old_pin=handed.codes.pin2, new_pin=NEW_PIN2)
    handed.card.refresh_from_db()
    return handed.card


@pytest.fixture
def cards(pki, personas, office, django_capture_on_commit_callbacks):
    """Alice and Oscar, each with an active digital ID ready to sign."""
    return {
        key: issue_card(personas[key], office, django_capture_on_commit_callbacks, personas["pia"])
        for key in ("alice", "oscar")
    }


@pytest.fixture
def contact_provider(db):
    from companies.models import ContactProvider

    return ContactProvider.objects.create(
        name="Tallinn Corporate Services OÜ",
        registry_code="14000006",
        kind="licensed trust and company service provider",
        address="Narva mnt 7, 10117 Tallinn",
        email="office@tcs.example",
    )
