"""POST /api/tax/calculate through HTTP: the contract, problem+json, the published schema."""

from __future__ import annotations

import json

import pytest
import time_machine
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "TSD",
    "period": "2025-03",
    "annex1": [
        {
            "personal_code": "36805280109",
            "payment_type": "10",
            "gross": "1500.00",
            "pension_rate": "2",
            "basic_exemption": True,
        }
    ],
    "annex2": [],
    "annex7": [{"recipient": "Alice", "net": "1000.00", "paid_on": "2025-03-14"}],
}


def post(client, body):
    return client.post("/api/tax/calculate", data=json.dumps(body), content_type="application/json")


def test_calculate_answers_the_documented_contract(client):
    response = post(client, BODY)
    assert response.status_code == 200
    data = response.json()
    assert data["due_date"] == "2025-04-10"
    assert set(data["totals"]) >= {
        "income_tax",
        "social_tax",
        "unemployment_employee",
        "unemployment_employer",
        "funded_pension",
        "cit",
        "vat_payable",
        "total_to_pay",
    }
    assert data["totals"]["cit"] == "282.05" and data["totals"]["income_tax"] == "222.20"
    assert all(isinstance(v, str) for v in data["totals"].values())
    schema = client.get("/api/tax/calculate/schema").json()
    Draft202012Validator(schema["request"]).validate(BODY)
    Draft202012Validator(schema["response"]).validate(data)


def test_bad_request_is_problem_json_naming_each_field(client):
    body = {**BODY, "annex1": [{**BODY["annex1"][0], "personal_code": "12345678901", "gross": "-1.00"}]}
    response = post(client, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:problem:invalid"
    assert {e["field"] for e in problem["errors"]} == {"annex1[0].personal_code", "annex1[0].gross"}


def test_not_json_and_not_an_object_are_problems_too(client):
    response = client.post("/api/tax/calculate", data="{", content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    response = client.post("/api/tax/calculate", data="[]", content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["message"]


@time_machine.travel("2025-03-20 12:00 +02:00", tick=False)
def test_the_current_month_can_be_computed_but_not_the_next(client):
    assert post(client, {"kind": "KMD", "period": "2025-03"}).status_code == 200
    response = post(client, {"kind": "KMD", "period": "2025-04"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "period"


def test_openapi_document_embeds_the_request_schema(client):
    document = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = document["paths"]["/api/tax/calculate"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["annex1"]["items"]["required"] == ["personal_code", "payment_type", "gross"]
    assert "400" in operation["responses"]
