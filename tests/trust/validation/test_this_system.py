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


def test_person_signature_then_system_seal_pass(pki, creds, settings):
    from trust.services import seal_pdf, sign_pdf

    settings.TRUST_EXTRA_ANCHORS = []
    signed = sign_pdf(pdf_bytes=material.blank_pdf(), credential=creds.credential, pin2=creds.pin2, actor="test")
    sealed = seal_pdf(signed, seal="business_register")

    report = validate_pdf_bytes(sealed)  # the default policy, POLv4: qualified only

    assert report.verdict == PASSED, [s.reason for s in report.signatures]
    person, seal = report.signatures
    assert (person.signature_level, seal.signature_level) == ("QESIG", "QESEAL")
    for signature in report.signatures:
        # SiVa's freshness rule: the OCSP response was produced after the signature time-stamp.
        assert signature.revocation.issued_at >= signature.timestamp.time.replace(microsecond=0)
    assert (person.signer.personal_code, person.signer.personal_code_country) == (PERSONAL_CODE, "EE")
    assert person.level == "B-LTA"  # the seal's document timestamp closes the file
    assert seal.signer.registry_code
    assert report.timestamps[0].verdict == PASSED


def test_downloaded_report_is_sealed_and_itself_validates(pki, client):
    from trust.services import seal_pdf

    sealed_document = seal_pdf(material.blank_pdf(), seal="tax_board")
    page = client.post(
        reverse("validation:validate"),
        {"document": SimpleUploadedFile("sealed.pdf", sealed_document)},
    )
    assert page.context["report"].verdict == PASSED

    response = client.post(reverse("validation:report_pdf"), {"report": page.context["token"]})
    report_of_report = validate_pdf_bytes(response.content)

    assert report_of_report.verdict == PASSED
    assert report_of_report.signatures[0].signer.name
    assert len(report_of_report.timestamps) == 1


def test_an_operator_that_is_not_a_qtsp_gets_advanced_signatures_only(pki, creds, settings):
    """TRUST_CA_QUALIFIED=False: the own CA is CA/PKC, so POLv4 refuses and POLv3 passes."""
    from trust.services import sign_pdf

    settings.TRUST_EXTRA_ANCHORS = []
    settings.TRUST_CA_QUALIFIED = False
    signed = sign_pdf(pdf_bytes=material.blank_pdf(), credential=creds.credential, pin2=creds.pin2, actor="test")

    strict = validate_pdf_bytes(signed).signatures[0]
    assert strict.verdict != PASSED
    assert "does not meet the minimal level" in strict.reason
    lenient = validate_pdf_bytes(signed, policy="POLv3").signatures[0]
    assert lenient.verdict == PASSED, lenient.reason
    assert lenient.signature_level == "ADESIG"
