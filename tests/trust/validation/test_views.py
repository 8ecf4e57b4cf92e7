"""The public pages and the JSON API, through HTTP."""

from __future__ import annotations

import sys
import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.trust.validation import material

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, *, name="contract.pdf", view="simple", policy=None):
    form = {"document": SimpleUploadedFile(name, data, content_type="application/pdf"), "view": view}
    if policy:
        form["policy"] = policy
    return client.post(reverse("validation:validate"), form)


# --- upload page ------------------------------------------------------------------------------


def test_upload_page_is_accessible_and_states_the_limit(client, settings):
    settings.TRUST_VALIDATION_MAX_BYTES = 5 * 1024 * 1024
    response = client.get(reverse("validation:validate"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_document">' in html
    assert "5.0\xa0MB" in html
    assert 'aria-describedby="id_document_help"' in html
    assert "<legend>Report</legend>" in html


def test_base_footer_links_to_the_validation_page(client):
    html = client.get(reverse("home")).content.decode()
    assert reverse("validation:validate") in html


def test_upload_of_a_signed_pdf_shows_the_report(client, pdfs, trusted_test_root):
    response = upload(client, pdfs["multi_signed"])

    html = response.content.decode()
    assert response.status_code == 200
    assert "TOTAL-PASSED" in html
    assert "Mari Maasikas" in html
    assert "personal code 48001010002 (EE)" in html
    assert "registry code 12345678 (EE)" in html
    assert "contract.pdf" in html
    assert "B-LTA" in html
    # The simple report keeps the technical details folded away.
    assert '<details class="result-details">' in html
    assert '<th scope="row">' in html


def test_detailed_view_opens_the_details_and_the_toggle_switches_back(client, pdfs, trusted_test_root):
    response = upload(client, pdfs["multi_signed"], view="detailed")
    html = response.content.decode()
    assert '<details class="result-details" open>' in html
    assert "Trusted roots used" in html
    token = response.context["token"]

    simple = client.post(reverse("validation:report"), {"report": token, "view": "simple"})
    assert simple.status_code == 200
    assert '<details class="result-details" open>' not in simple.content.decode()
    assert simple.context["report"] == response.context["report"]


def test_configured_extra_anchor_is_what_the_page_trusts(client, pdfs, settings):
    settings.TRUST_EXTRA_ANCHORS = []
    settings.TRUST_VALIDATION_TRUSTED_LISTS = []
    response = upload(client, pdfs["multi_signed"])

    assert response.status_code == 200
    assert response.context["report"].verdict == "INDETERMINATE"
    assert "does not lead to any root certificate this service trusts" in response.content.decode()


def test_system_roots_from_the_ca_are_trusted(client, pdfs, vpki, settings, monkeypatch):
    from django.urls import get_resolver

    import trust

    get_resolver().url_patterns  # noqa: B018 - import the views before trust.selectors is faked
    settings.TRUST_EXTRA_ANCHORS = []
    settings.TRUST_VALIDATION_TRUSTED_LISTS = []
    fake = types.ModuleType("trust.selectors")
    fake.root_certificates = lambda: [vpki.root.cert]
    monkeypatch.setitem(sys.modules, "trust.selectors", fake)
    monkeypatch.setattr(trust, "selectors", fake, raising=False)

    fake.service_certificates = lambda: [vpki.tsa.cert]
    response = upload(client, pdfs["multi_signed"], policy="POLv3")

    # By default this system's CA is a qualified trust service (CA/QC): POLv4 passes too.
    assert response.context["report"].verdict == "TOTAL-PASSED"
    assert upload(client, pdfs["multi_signed"]).context["report"].verdict == "TOTAL-PASSED"
    # An operator that is not a QTSP: the any-level policy only.
    settings.TRUST_CA_QUALIFIED = False
    assert upload(client, pdfs["multi_signed"], policy="POLv3").context["report"].verdict == "TOTAL-PASSED"
    assert upload(client, pdfs["multi_signed"]).context["report"].verdict == "TOTAL-FAILED"


def test_tampered_pdf_shows_failed_banner(client, pdfs, trusted_test_root):
    data = pdfs["multi_signed"].replace(b"Founding resolution", b"Founding resolutioN")

    response = upload(client, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "TOTAL-FAILED" in html
    assert "signature-result verdict-failed" in html


@pytest.mark.parametrize(
    ("data", "status", "phrase"),
    [
        (b"GIF89a not a pdf at all" * 20, 415, "not a PDF"),
        (material.encrypted_pdf(), 422, "encrypted"),
        (material.deeply_nested_pdf(2000), 422, "nested too deeply"),
    ],
    ids=["not-pdf", "encrypted", "nested"],
)
def test_bad_files_get_a_clear_message(client, data, status, phrase):
    response = upload(client, data)

    assert response.status_code == status
    html = response.content.decode()
    assert phrase in html
    assert 'id="id_document_error"' in html
    assert 'aria-invalid="true"' in html


def test_truncated_upload(client, pdfs):
    data = pdfs["multi_signed"]
    response = upload(client, data[: len(data) // 3])
    assert response.status_code == 422
    assert "incomplete" in response.content.decode()


def test_five_thousand_objects_upload_gets_a_clear_answer(client):
    response = upload(client, material.many_objects_pdf(5000))
    assert response.status_code == 200
    assert "This document contains no signatures." in response.content.decode()


def test_oversized_upload(client, settings, pdfs):
    settings.TRUST_VALIDATION_MAX_BYTES = 4096
    response = upload(client, pdfs["multi_signed"])
    assert response.status_code == 413
    assert "larger than 4.0\xa0KB" in response.content.decode()


def test_missing_file(client):
    response = client.post(reverse("validation:validate"), {"view": "simple"})
    assert response.status_code == 400
    assert "Choose a PDF file to validate." in response.content.decode()


def test_upload_page_in_estonian_is_served(client):
    with translation.override("et"):
        url = reverse("validation:validate")
        response = client.get(url)
    assert url == "/et/validate/"
    assert response.status_code == 200
    assert '<html lang="et">' in response.content.decode()


def test_upload_is_cut_off_at_the_limit(client, settings, monkeypatch):
    """A request whose declared length looks fine but whose file is too big stops being
    stored once the file passes the limit."""
    from trust import views_validation

    settings.TRUST_VALIDATION_MAX_BYTES = 4096
    monkeypatch.setattr(views_validation, "_MULTIPART_OVERHEAD", 10**9)
    response = upload(client, b"%PDF-1.7\n" + b"0" * 300_000)

    assert response.status_code == 413
    html = response.content.decode()
    assert "larger than 4.0\xa0KB" in html
    assert 'class="error-summary" role="alert"' in html  # refused by the upload handler, not the form

    api = client.post("/api/trust/validate", {"document": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 300_000)})
    assert api.status_code == 413
    assert api.json()["type"] == "urn:problem:too_large"


def test_csrf_is_still_checked(pdfs):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = upload(client, pdfs["unsigned"])
    assert response.status_code == 403


def test_oversized_request_is_refused_before_it_is_read(client, settings):
    settings.TRUST_VALIDATION_MAX_BYTES = 4096
    response = client.post(
        reverse("validation:validate"),
        {"document": SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 200_000)},
    )
    assert response.status_code == 413
    assert 'role="alert"' in response.content.decode()


# --- PDF report ------------------------------------------------------------------------------


def test_pdf_report_is_sealed_by_the_system_when_sealing_exists(client, pdfs, trusted_test_root, monkeypatch):
    import trust

    calls = []

    def seal_pdf(pdf_bytes, *, seal):
        calls.append(seal)
        return pdf_bytes + b"%sealed\n"

    services = types.ModuleType("trust.services")
    services.seal_pdf = seal_pdf
    monkeypatch.setitem(sys.modules, "trust.services", services)
    monkeypatch.setattr(trust, "services", services, raising=False)
    token = upload(client, pdfs["multi_signed"]).context["token"]

    response = client.post(reverse("validation:report_pdf"), {"report": token})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="validation-report-')
    assert response.content.startswith(b"%PDF-")
    assert response.content.endswith(b"%sealed\n")
    assert calls == ["system"]


def test_pdf_report_is_delivered_unsealed_without_a_seal(client, pdfs, trusted_test_root, monkeypatch):
    from trust.validation import documents

    monkeypatch.setattr(documents, "_sealer", lambda: None)
    token = upload(client, pdfs["b_b"]).context["token"]

    response = client.post(reverse("validation:report_pdf"), {"report": token})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_forged_report_token_is_refused(client, pdfs, trusted_test_root):
    token = upload(client, pdfs["multi_signed"]).context["token"]
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    for name in ("validation:report_pdf", "validation:report"):
        response = client.post(reverse(name), {"report": forged})
        assert response.status_code == 400
        assert "expired or is not one this service produced" in response.content.decode()


# --- JSON API --------------------------------------------------------------------------------

API = "/api/trust/validate"


def test_api_url_name():
    assert reverse("trust_api:validate") == API


def test_api_multipart_returns_the_report(client, pdfs, trusted_test_root):
    response = client.post(API, {"document": SimpleUploadedFile("a.pdf", pdfs["multi_signed"])})

    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "TOTAL-PASSED"
    assert body["document_name"] == "a.pdf"
    assert body["signature_count"] == body["valid_signature_count"] == 2
    sig = body["signatures"][0]
    assert set(sig) >= {
        "verdict",
        "sub_indication",
        "reason",
        "signer",
        "claimed_signing_time",
        "timestamp",
        "intact",
        "trusted",
        "chain",
        "revocation",
        "level",
        "coverage",
        "modifications",
        "changed_fields",
    }
    assert sig["signer"]["personal_code"] == "48001010002"
    assert sig["level"] == "B-LTA"
    assert sig["revocation"]["status"] == "good"
    assert body["timestamps"][0]["verdict"] == "TOTAL-PASSED"
    assert body["limits"]["max_bytes"] > 0


def test_api_raw_pdf_body(client, pdfs, trusted_test_root):
    response = client.post(API, data=pdfs["revoked_before"], content_type="application/pdf")

    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "INDETERMINATE"
    assert body["signatures"][0]["sub_indication"] == "REVOKED_NO_POE"


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"plain text, not a document", 415, "not_a_pdf"),
        (material.encrypted_pdf(), 422, "encrypted"),
        (material.deeply_nested_pdf(2000), 422, "too_complex"),
    ],
    ids=["not-pdf", "encrypted", "nested"],
)
def test_api_bad_input_is_4xx_with_reason(client, data, status, code):
    response = client.post(API, data=data, content_type="application/pdf")

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == f"urn:problem:{code}"
    assert problem["status"] == status
    assert problem["detail"]


def test_api_truncated(client, pdfs):
    data = pdfs["multi_signed"]
    response = client.post(API, data=data[: len(data) // 2], content_type="application/pdf")
    assert response.status_code == 422
    assert response.json()["type"] == "urn:problem:truncated"


def test_api_oversized(client, settings, pdfs):
    settings.TRUST_VALIDATION_MAX_BYTES = 4096
    response = client.post(API, data=pdfs["multi_signed"], content_type="application/pdf")
    assert response.status_code == 413
    assert response.json()["type"] == "urn:problem:too_large"


def test_api_without_document(client):
    response = client.post(API, {"other": "value"})
    assert response.status_code == 400
    assert response.json()["type"] == "urn:problem:no_document"


def test_api_wrong_content_type(client):
    response = client.post(API, data='{"pdf": "..."}', content_type="application/json")
    assert response.status_code == 415
    assert response.json()["type"] == "urn:problem:not_a_pdf"


def test_api_get_is_405_json(client):
    response = client.get(API)
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert response.json()["type"] == "urn:problem:method_not_allowed"


def test_api_time_limit(client, pdfs, monkeypatch, settings):
    from trust.validation import engine

    settings.TRUST_VALIDATION_TIME_LIMIT = 1

    def slow(*args, **kwargs):
        import time

        end = time.monotonic() + 20
        while time.monotonic() < end:
            pass

    monkeypatch.setattr(engine, "validate_document", slow)
    response = client.post(API, data=pdfs["unsigned"], content_type="application/pdf")

    assert response.status_code == 422
    assert response.json()["type"] == "urn:problem:time_limit"


def test_api_policy_and_sivas_report_vocabulary(client, pdfs, trusted_test_root):
    response = client.post(
        API + "?reportType=detailed", {"document": SimpleUploadedFile("a.pdf", pdfs["multi_signed"]), "policy": "POLv3"}
    )

    assert response.status_code == 200
    body = response.json()
    conclusion = body["validationReport"]["validationConclusion"]
    assert conclusion["policy"]["policyName"] == "POLv3"
    assert conclusion["signatures"][0]["indication"] == "TOTAL-PASSED"
    assert conclusion["signatures"][0]["signatureFormat"] == "PAdES_BASELINE_LTA"
    assert body["validationReport"]["validationProcess"]["signatures"][0]["checks"]
    assert body["limits"]["memory_limit_mb"] > 0


def test_api_default_policy_is_polv4(client, pdfs, trusted_test_root):
    body = client.post(API, data=pdfs["multi_signed"], content_type="application/pdf").json()
    assert body["policy"] == "POLv4"
    assert "validationProcess" not in body["validationReport"]


def test_api_unknown_policy_is_a_problem(client, pdfs, trusted_test_root):
    response = client.post(API + "?policy=POLv9", data=pdfs["multi_signed"], content_type="application/pdf")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:problem:unknown_policy"
    assert "POLv9" in response.json()["detail"]


def test_api_signed_report_is_a_sealed_pdf(client, pdfs, trusted_test_root, monkeypatch):
    from trust.validation import documents

    monkeypatch.setattr(documents, "_sealer", lambda: lambda pdf, *, seal: pdf + b"%sealed-by-" + seal.encode())
    response = client.post(API + "?signedReport=pdf", data=pdfs["multi_signed"], content_type="application/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.content.endswith(b"%sealed-by-system")


def test_api_is_in_the_openapi_document(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/trust/validate" in text
    assert "trust_validate" in text


def test_upload_page_offers_the_policies(client):
    html = client.get(reverse("validation:validate")).content.decode()
    assert "<legend>Validation policy</legend>" in html
    assert 'value="POLv4" checked' in html
    assert 'value="POLv3"' in html


def test_new_validation_strings_are_translated():
    from django.utils.translation import gettext, override

    for lang in ("et", "th"):
        with override(lang):
            assert gettext("Qualified only (POLv4)") != "Qualified only (POLv4)"
            assert gettext("Legal level (eIDAS)") != "Legal level (eIDAS)"
