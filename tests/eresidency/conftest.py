"""Fixtures for the e-Residency tests: photos made with Pillow, complete drafts built through
the services, a small real OFAC list, the local payment provider and a trust hierarchy."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from PIL import Image

from core import mrz
from eresidency import services
from eresidency.constants import Step
from eresidency.deadlines import tallinn_date
from eresidency.models import Application, PickupLocation
from eresidency.photos import clean_evidence, clean_photo

SDN_CSV = Path(settings.SANCTIONS_DEMO_LIST)
# A real individual on the snapshot: ent_num 6903, "AL-WALID, Mahfouz Ould", DOB 01 Jan 1975,
# nationality Mauritania.
SDN_PERSON = {
    "given_names": "Mahfouz Ould",
    "surname": "Al-Walid",
    "date_of_birth": date(1975, 1, 1),
    "citizenship": "MR",
}


def jpeg_bytes(width: int = 600, height: int = 800, *, fmt: str = "JPEG", exif: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (200, 210, 220))
    for x in range(width // 3, 2 * width // 3):
        for y in range(height // 4, height // 4 + 20):
            image.putpixel((x, y), (40, 40, 40))
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x0110] = "Model X"  # Model
        data[0x8825] = {1: "N", 2: (59.0, 26.0, 0.0)}  # GPS info
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes() -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    writer = PdfFileWriter()
    content = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 72 720 200 20 re f"))
    writer.insert_page(PageObject(contents=content, media_box=(0, 0, 595, 842)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def personal(**overrides: Any) -> dict[str, Any]:
    data = {
        "given_names": "Anna Maria",
        "surname": "Eriksson",
        "date_of_birth": date(1985, 8, 12),
        "sex": "F",
        "citizenship": "SE",
        "residence_country": "SE",
        "email": "anna@example.org",
        "phone": "+46 70 123 4567",
    }
    data.update(overrides)
    return data


def document(app_data: dict[str, Any], *, with_mrz: bool = True, **overrides: Any) -> dict[str, Any]:
    data = {
        "document_type": "passport",
        "document_number": "AB1234567",
        "document_country": app_data["citizenship"],
        "document_expiry": tallinn_date() + timedelta(days=5 * 365),
        "mrz": "",
    }
    data.update(overrides)
    if with_mrz and not overrides.get("mrz"):
        data["mrz"] = mrz.compose_td3(
            surname=app_data["surname"],
            given_names=app_data["given_names"],
            number=data["document_number"],
            issuing=data["document_country"],
            nationality=app_data["citizenship"],
            birth=app_data["date_of_birth"],
            sex=app_data["sex"],
            expiry=data["document_expiry"],
        )
    return data


MOTIVATION = {
    "motivation_category": "location_independent",
    "motivation": "I run a software consultancy for clients across Europe and want to manage an Estonian company online.",
    "links": ["https://example.org/me"],
}


def make_draft(
    applicant: Any, *, person: dict[str, Any] | None = None, skip: tuple[str, ...] = (), **doc: Any
) -> Application:
    """A complete draft built through the services (as the form would)."""
    person = person or personal()
    app = services.application_start(applicant=applicant, actor=applicant)
    steps: list[tuple[str, dict[str, Any]]] = [
        (Step.PERSONAL, person),
        (Step.DOCUMENT, document(person, **doc)),
        (Step.PHOTO, {"photo": clean_photo(upload(jpeg_bytes()))}),
        (Step.MOTIVATION, dict(MOTIVATION)),
        (Step.PICKUP, {"pickup_location": PickupLocation.objects.get(code="ee-tallinn-tammsaare")}),
        (Step.CONSENT, {"consent": True}),
    ]
    for step, data in steps:
        if step not in skip:
            app = services.application_save_step(application=app, step=step, data=data, actor=applicant)
    return app


def claim_exception(app: Application) -> Application:
    evidence = clean_evidence(upload(pdf_bytes(), "permit.pdf", "application/pdf"))
    return services.application_save_step(
        application=app,
        step=Step.ELIGIBILITY,
        data={
            "exception_kind": "eea_residence",
            "exception_details": "Residence permit FI-123, valid to 2030; living in Helsinki since 2019.",
            "exception_evidence": evidence,
        },
        actor=app.applicant,
    )


def settle(app: Application) -> None:
    """What the payments app does when the fee is paid: call our handler in a transaction."""
    with transaction.atomic():
        services.application_settle_payment(SimpleNamespace(reference=str(app.code), code="test-payment"))


@pytest.fixture
def locations(db) -> None:
    call_command("load_pickup_locations", stdout=io.StringIO())


@pytest.fixture
def sdn_list(db, tmp_path) -> Path:
    """A small slice of the real OFAC SDN snapshot (its first 400 rows and our person)."""
    from screening.index import clear_index

    lines = SDN_CSV.read_bytes().rstrip(b"\x1a").splitlines()
    chosen = lines[:400]
    chosen += [line for line in lines if line.startswith(b"6903,") and line not in chosen]
    path = tmp_path / "sdn_slice.csv"
    path.write_bytes(b"\n".join(chosen) + b"\n")
    clear_index()
    call_command("load_sanctions_list", str(path), "--format", "ofac-sdn", "--name", "OFAC SDN", stdout=io.StringIO())
    yield path
    clear_index()


@pytest.fixture
def local_payments(settings) -> None:
    settings.PAYMENTS_PROVIDER = "local"
    settings.PAYMENTS_LOCAL_ENABLED = True
