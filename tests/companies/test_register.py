"""The public register: search, card, representation JSON, open data and import_register;
the registrar's queue runs a constant number of queries."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from companies.models import Company, FoundingApplication
from tests.companies.conftest import make_company
from tests.conftest import signed_in_client

BOARD = [{"personal_code": "39001010008", "given_names": "Mari", "surname": "Maasikas", "represents_alone": True}]


def test_search_by_name_and_code(client, db):
    make_company("Fotoluks OÜ", "12345678")
    make_company("Merevaade OÜ", "10000018")
    page = client.get(reverse("companies:search"), {"q": "photolux"}).content.decode()
    assert "Fotoluks OÜ" in page and "Merevaade" not in page
    page = client.get(reverse("companies:search"), {"q": "1000"}).content.decode()
    assert "Merevaade OÜ" in page and "Fotoluks" not in page


def test_card_and_representation(client, db):
    company = make_company("Fotoluks OÜ", "12345678", board=BOARD)
    page = client.get(reverse("companies:card", args=["12345678"])).content.decode()
    assert "Mari Maasikas" in page and "39001010008" in page and "may represent the company alone" in page
    body = client.get(reverse("companies_api:representatives", args=["12345678"])).json()
    assert body["representatives"] == [
        {
            "personal_code": "39001010008",
            "given_names": "Mari",
            "surname": "Maasikas",
            "role": "board_member",
            "represents_alone": True,
        }
    ]
    assert client.get(reverse("companies_api:company", args=["87654321"])).status_code == 404
    assert company.shareholders.count() == 0


def test_open_data_round_trips_through_import_register(client, db, tmp_path):
    make_company("Fotoluks OÜ", "12345678", board=BOARD, share_capital="2500.00")
    lines = b"".join(client.get(reverse("companies:open_data")).streaming_content).decode().splitlines()
    assert json.loads(lines[0])["board"][0]["surname"] == "Maasikas"
    Company.objects.all().delete()
    path = tmp_path / "register.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for _ in range(2):  # idempotent
        call_command("import_register", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    company = Company.objects.get()
    assert (company.name, company.name_key, company.board_members.count()) == ("Fotoluks OÜ", "fotol", 1)


def test_import_names_the_bad_line_and_loads_nothing(db, tmp_path):
    path = tmp_path / "bad.jsonl"
    good = {"registry_code": "12345678", "name": "A OÜ", "registered_on": "2020-01-01"}
    bad = {"registry_code": "12345670", "name": "B OÜ", "registered_on": "2020-01-01"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 2: registry_code '12345670' is not a valid"):
        call_command("import_register", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Company.objects.exists()


def _queue_rows(n, alice):
    rows = []
    for i in range(n):
        app = FoundingApplication(created_by=alice, name=f"Firma {i} OÜ", state="in_review", due_on=date(2026, 1, 5))
        app.set_keys()
        rows.append(app)
    FoundingApplication.objects.bulk_create(rows)


@pytest.mark.parametrize("n", [10, 1000])
def test_registrar_queue_runs_constant_queries(n, personas, django_assert_max_num_queries):
    _queue_rows(n, personas["alice"])
    client = signed_in_client(personas["rita"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("companies:queue"))
    assert response.status_code == 200
    assert response.content.decode().count("Firma ") == min(n, 50)
    assert f"{n} in review" in response.content.decode()


def test_demo_data_is_idempotent(pki, personas):
    for _ in range(2):
        call_command("demo_business_register", stdout=io.StringIO())
    company = Company.objects.get(name="Päikesekodu OÜ")
    assert company.card_pdf and company.card_pdf.read().startswith(b"%PDF-")
    assert FoundingApplication.objects.filter(name="Merevaade OÜ", state="in_review").count() == 1


def test_generated_register_has_valid_codes(db, tmp_path):
    from stdnum.ee import registrikood

    path = tmp_path / "names.jsonl"
    call_command("generate_register_names", "--count", "300", "--out", str(path), stdout=io.StringIO())
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len({r["name"] for r in records}) == 300
    assert all(registrikood.is_valid(r["registry_code"]) for r in records)
    call_command("import_register", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Company.objects.count() == 300
