"""Fixtures for the digital ID tests: pick-up locations, approved applications, and cards
at each stage of their life (ordered and made, waiting at the pick-up point, handed over).
The CA hierarchy (``pki``, planned once per session, cheap KDF) is tests/conftest.py's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO

import pytest

from digital_id.constants import IdState
from digital_id.models import DigitalId
from digital_id.services import (
    PresentedDocument,
    digital_id_hand_over,
    digital_id_order,
    digital_id_register_arrival,
)
from eresidency.models import Application, PickupLocation
from tests.digital_id.pdftext import pdf_text

PASSPORT = {"document_type": "passport", "number": "C01X00T47", "country": "DE"}
NEW_PIN2 = "13579"


@pytest.fixture(autouse=True)
def _digital_id_settings(settings):
    # The CA hierarchy (``pki``), the throw-away key store and the cheap KDF come from
    # tests/conftest.py; payments go through the local imitation.
    settings.PAYMENTS_PROVIDER = "local"
    settings.PAYMENTS_LOCAL_ENABLED = True
    backend = "digital_id.backends.DigitalIdBackend"
    if backend not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, backend]


@pytest.fixture
def office(db) -> PickupLocation:
    return PickupLocation.objects.create(
        code="tallinn-ppa",
        name="PPA service office",
        kind="ppa_office",
        country="EE",
        city="Tallinn",
        address="Tammsaare tee 47",
    )


@pytest.fixture
def embassy(db) -> PickupLocation:
    return PickupLocation.objects.create(
        code="berlin-embassy",
        name="Embassy of Estonia",
        kind="embassy",
        country="DE",
        city="Berlin",
        address="Hildebrandstraße 5",
    )


def approved_application(user, location, **overrides) -> Application:
    values = {
        "applicant": user,
        "state": "approved",
        "given_names": user.given_name or "Alice",
        "surname": user.surname or "Applicant",
        "date_of_birth": date(1990, 5, 17),
        "sex": "F",
        "citizenship": "DE",
        "residence_country": "DE",
        "email": user.email,
        "document_type": PASSPORT["document_type"],
        "document_number": PASSPORT["number"],
        "document_country": PASSPORT["country"],
        "document_expiry": date(2034, 1, 31),
        "pickup_location": location,
    }
    values.update(overrides)
    return Application.objects.create(**values)


def presented(**overrides) -> PresentedDocument:
    return PresentedDocument(**{**PASSPORT, **overrides})


@dataclass
class Codes:
    pin1: str
    pin2: str
    puk: str


def codes_from_pdf(pdf: bytes) -> Codes:
    text = pdf_text(pdf)
    found = {name: re.search(rf"{name}: (\d+)", text) for name in ("PIN1", "PIN2", "PUK")}
    assert all(found.values()), text
    return Codes(found["PIN1"].group(1), found["PIN2"].group(1), found["PUK"].group(1))


@dataclass
class Handed:
    card: DigitalId
    codes: Codes
    pdf: bytes


def order_card(application, capture) -> DigitalId:
    """Order and (through the immediate task backend, after commit) make the card."""
    with capture(execute=True):
        card = digital_id_order(application=application, actor="test")
    card.refresh_from_db()
    assert card.state == IdState.MANUFACTURED, card.manufacture_error
    return card


def arrive(card, official) -> DigitalId:
    digital_id_register_arrival(digital_id=card, actor=official)
    card.refresh_from_db()
    return card


def hand_over(card, official, **presented_overrides) -> Handed:
    result = digital_id_hand_over(
        digital_id=card, actor=official, presented=presented(**presented_overrides), fingerprints_taken=True
    )
    card.refresh_from_db()
    return Handed(card=card, codes=codes_from_pdf(result.envelope_pdf), pdf=result.envelope_pdf)


@pytest.fixture
def alice_application(personas, office):
    return approved_application(personas["alice"], office)


@pytest.fixture
def made(pki, alice_application, django_capture_on_commit_callbacks) -> DigitalId:
    return order_card(alice_application, django_capture_on_commit_callbacks)


@pytest.fixture
def waiting(made, personas) -> DigitalId:
    return arrive(made, personas["pia"])


@pytest.fixture
def handed(waiting, personas) -> Handed:
    return hand_over(waiting, personas["pia"])


@pytest.fixture
def ready(handed) -> Handed:
    """Handed over, PIN2 already changed to NEW_PIN2 (ready to sign)."""
    from digital_id.services import pin_change

    pin_change(
        digital_id=handed.card, actor=handed.card.holder, role="sign", old_pin=handed.codes.pin2, new_pin=NEW_PIN2
    )
    return handed


def make_pdf(text: str = "Test document") -> bytes:
    """A small one-page PDF made with pyHanko's writer (fast; no fonts)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    writer = PdfFileWriter()
    content = writer.add_object(generic.StreamObject(stream_data=f"0 0 1 rg 72 720 200 20 re f % {text}".encode()))
    writer.insert_page(PageObject(contents=content, media_box=(0, 0, 595, 842)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
