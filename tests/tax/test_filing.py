"""Filing returns: signed with the digital ID (PIN2), PDF/A with the canonical JSON attached,
a receipt sealed by the tax board, immutable snapshots and amendments; through HTTP."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.urls import reverse

from audit.models import JournalEntry
from tax.exceptions import TaxError
from tax.models import ImmutableReturn, TaxReturn
from tax.selectors import get_account_for_user
from tax.services.returns import tax_return_file
from tests.conftest import signed_in_client
from tests.digital_id.conftest import NEW_PIN2

# The card is issued now, so the returns are for a recent past month (2026 rules: flat €700
# exemption). 1500 with 2 % pension and the exemption: UI 24, pension 30, taxable 746,
# income tax 164.12, social tax 495, employer UI 12 → 725.12; CIT 1000 × 22/78 = 282.05.
pytestmark = pytest.mark.django_db
TOTAL = "1007.17"

TSD = {
    "kind": "TSD",
    "period": "2026-11",
    "annex1": [
        {
            "personal_code": "36805280109",
            "payment_type": "10",
            "gross": "1500.00",
            "pension_rate": "2",
            "basic_exemption": True,
        }
    ],
    "annex7": [{"recipient": "Alice Applicant", "net": "1000.00", "paid_on": "2026-11-14"}],
}


def _embedded_json(pdf: bytes) -> tuple[str, bytes]:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    names = PdfFileReader(BytesIO(pdf)).root["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1].get_object()
    return str(names[0]), spec["/EF"]["/F"].get_object().data


def _file(company, user, data=TSD, pin2=NEW_PIN2, capture=None):
    access = get_account_for_user(user, company.registry_code, write=True)
    if capture is None:
        return tax_return_file(access=access, actor=user, data=data, source="json", pin2=pin2)
    with capture(execute=True):
        return tax_return_file(access=access, actor=user, data=data, source="json", pin2=pin2)


def test_a_filed_tsd_is_signed_sealed_and_carries_its_json(company, ready, django_capture_on_commit_callbacks):
    from trust.validation import PASSED, validate_pdf_bytes

    alice = ready.card.holder
    tax_return = _file(company, alice, capture=django_capture_on_commit_callbacks)
    tax_return.refresh_from_db()
    assert tax_return.state == "submitted" and tax_return.version == 1
    assert tax_return.result["totals"]["total_to_pay"] == TOTAL
    signed = tax_return.pdf.read()
    name, attached = _embedded_json(signed)
    assert name == "TSD-2026-11-12345678.json"
    assert hashlib.sha256(attached).hexdigest() == tax_return.canonical_sha256
    assert json.loads(attached)["result"]["totals"]["total_to_pay"] == TOTAL
    report = validate_pdf_bytes(signed, document_name="tsd.pdf")
    assert report.verdict == PASSED and report.signatures[0].signer.personal_code == ready.card.personal_code.code
    receipt = validate_pdf_bytes(tax_return.receipt.read(), document_name="receipt.pdf")
    assert receipt.verdict == PASSED
    assert receipt.signatures[0].signer.registry_code == "70000349"  # Maksu- ja Tolliamet (the tax board)
    assert JournalEntry.objects.filter(action="submit", subject_id=str(tax_return.code)).count() == 1


def test_filing_again_amends_without_erasing_and_a_double_click_files_once(
    company, ready, django_capture_on_commit_callbacks
):
    alice = ready.card.holder
    first = _file(company, alice, capture=django_capture_on_commit_callbacks)
    assert _file(company, alice).pk == first.pk  # same lines again: the version in force
    changed = {**TSD, "annex1": [{**TSD["annex1"][0], "gross": "1600.00"}]}
    second = _file(company, alice, data=changed, capture=django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert (first.state, second.state, second.version, second.supersedes_id) == ("superseded", "submitted", 2, first.pk)
    assert first.result["lines"][0]["gross"] == "1500.00"  # the snapshot is unchanged
    first.total_to_pay = 0
    with pytest.raises(ImmutableReturn):
        first.save()


def test_a_wrong_pin2_files_nothing(company, ready):
    with pytest.raises(TaxError) as refused:
        _file(company, ready.card.holder, pin2="00000")
    assert refused.value.field == "pin2" and "Wrong PIN2" in refused.value.message
    assert not TaxReturn.objects.exists()


def test_bad_lines_file_nothing_and_name_the_line(company, ready):
    bad = {**TSD, "annex1": [{**TSD["annex1"][0], "payment_type": "77"}]}
    with pytest.raises(TaxError) as refused:
        _file(company, ready.card.holder, data=bad)
    assert refused.value.errors[0]["field"] == "annex1[0].payment_type"
    assert not TaxReturn.objects.exists()


def _form_post(period="2026-11", **fields):
    data = {"rows": "2", "period": period, "action": "compute"}
    data.update(fields)
    return data


def test_the_web_form_computes_then_files(company, ready, django_capture_on_commit_callbacks):
    client = signed_in_client(ready.card.holder)
    url = reverse("tax:return_new", kwargs={"registry_code": company.registry_code, "kind": "TSD"})
    lines = {
        "annex1-0-personal_code": "36805280109",
        "annex1-0-payment_type": "10",
        "annex1-0-gross": "1500,00",
        "annex1-0-pension_rate": "2",
        "annex1-0-basic_exemption": "on",
        "annex7-0-recipient": "Alice Applicant",
        "annex7-0-net": "1000.00",
        "annex7-0-paid_on": "2026-11-14",
    }
    page = client.post(url, _form_post(**lines))
    assert page.status_code == 200
    assert TOTAL in page.content.decode() and "282.05" in page.content.decode()
    assert not TaxReturn.objects.exists()  # computing files nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, _form_post(action="file", pin2=NEW_PIN2, **lines))
    tax_return = TaxReturn.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "tax:return_detail", kwargs={"code": tax_return.code}
    )
    detail = client.get(done["Location"]).content.decode()
    assert "Receipt sealed by the tax board" in detail and TOTAL in detail
    assert client.get(reverse("tax:return_receipt", kwargs={"code": tax_return.code})).status_code == 200


def test_the_web_form_names_each_bad_line_and_files_nothing(company, ready):
    client = signed_in_client(ready.card.holder)
    url = reverse("tax:return_new", kwargs={"registry_code": company.registry_code, "kind": "TSD"})
    page = client.post(
        url,
        _form_post(
            action="file",
            pin2=NEW_PIN2,
            **{
                "annex1-0-personal_code": "36805280108",
                "annex1-0-gross": "100",
                "annex1-0-payment_type": "10",
                "annex1-1-personal_code": "36805280109",
                "annex1-1-gross": "-5",
                "annex1-1-payment_type": "10",
            },
        ),
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="annex1-0-personal_code-error"' in html and 'id="annex1-1-gross-error"' in html
    assert not TaxReturn.objects.exists()
    future = client.post(url, _form_post(period="2099-01"))
    assert future.status_code == 400 and "has not started yet" in future.content.decode()


def test_someone_not_representing_the_company_cannot_file(company, personas):
    client = signed_in_client(personas["oscar"])
    url = reverse("tax:return_new", kwargs={"registry_code": company.registry_code, "kind": "TSD"})
    assert client.post(url, _form_post(action="file", pin2="12345")).status_code == 404
    assert not TaxReturn.objects.exists()


def test_upload_json_and_csv_then_file(company, ready, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in_client(ready.card.holder)
    url = reverse("tax:return_upload", kwargs={"registry_code": company.registry_code})
    page = client.post(url, {"document": SimpleUploadedFile("tsd.json", json.dumps(TSD).encode(), "application/json")})
    assert page.status_code == 200 and TOTAL in page.content.decode()
    csv_text = (
        "annex;personal_code;name;payment_type;gross;pension_rate;basic_exemption;recipient;net;paid_on\n"
        "1;36805280109;Mari Maasikas;10;1500.00;2;yes;;;\n"
        "7;;;;;;;Alice Applicant;1000.00;2026-11-14\n"
    )
    page = client.post(
        url, {"document": SimpleUploadedFile("tsd.csv", csv_text.encode()), "kind": "TSD", "period": "2026-11"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and TOTAL in html
    payload = re.search(r'name="payload" value="([^"]*)"', html).group(1)
    import html as html_lib

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url, {"action": "file", "payload": html_lib.unescape(payload), "source": "csv", "pin2": NEW_PIN2}
        )
    assert done.status_code == 302
    assert TaxReturn.objects.get().source == "csv"


def test_a_file_that_does_not_match_the_schema_is_refused_naming_the_field(company, ready):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in_client(ready.card.holder)
    url = reverse("tax:return_upload", kwargs={"registry_code": company.registry_code})
    bad = {**TSD, "annex1": [{"personal_code": "36805280109", "payment_type": "10"}]}
    page = client.post(url, {"document": SimpleUploadedFile("tsd.json", json.dumps(bad).encode())})
    assert page.status_code == 400 and "annex1[0].gross" in page.content.decode()
    page = client.post(url, {"document": SimpleUploadedFile("tsd.json", b"{not json")})
    assert page.status_code == 400 and "not valid JSON" in page.content.decode()


def test_a_bad_csv_line_is_named_by_its_line_number(company, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in_client(personas["alice"])
    url = reverse("tax:return_upload", kwargs={"registry_code": company.registry_code})
    csv_text = (
        "annex;personal_code;name;payment_type;gross;pension_rate;basic_exemption;recipient;net;paid_on\n"
        "1;36805280109;Mari Maasikas;10;1500.00;2;yes;;;\n"
        "1;36805280108;Jaan Tamm;10;900.00;2;no;;;\n"
    )
    page = client.post(
        url, {"document": SimpleUploadedFile("tsd.csv", csv_text.encode()), "kind": "TSD", "period": "2026-11"}
    )
    assert page.status_code == 400
    assert "CSV line 3:" in page.content.decode() and not TaxReturn.objects.exists()
