"""The shared API framework: OpenAPI document, docs without inline script, problem+json."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from config.api import ProblemError, _flatten


class _Lines(serializers.Serializer):
    gross = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class _Body(serializers.Serializer):
    period = serializers.RegexField(r"^\d{4}-\d{2}$")
    annex1 = _Lines(many=True)


class _View(APIView):
    def post(self, request):
        if request.data.get("refuse"):
            raise ProblemError("Not today.", code="closed", status_code=409, title="Closed", retry="tomorrow")
        _Body(data=request.data).is_valid(raise_exception=True)
        return None


def _call(body):
    request = APIRequestFactory().post("/x", body, format="json")
    response = _View.as_view()(request)
    response.render()
    return response


def test_invalid_input_names_each_field_with_its_path():
    response = _call({"period": "2026", "annex1": [{"gross": "1"}, {"gross": "-5"}]})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fields = [e["field"] for e in response.data["errors"]]
    assert fields == ["period", "annex1[1].gross"]
    assert response.data["type"] == "urn:problem:invalid"


def test_problem_error_carries_code_status_and_extra_members():
    response = _call({"refuse": True})
    assert response.status_code == 409
    assert response.data == {
        "type": "urn:problem:closed",
        "title": "Closed",
        "status": 409,
        "detail": "Not today.",
        "retry": "tomorrow",
    }


def test_flatten_keeps_non_field_errors_at_the_top():
    assert _flatten({"non_field_errors": ["bad"]}) == [{"field": "", "message": "bad"}]


@pytest.mark.django_db
def test_openapi_document_and_docs_page_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"<script>" not in docs.content  # CSP forbids inline script: the split view loads it as a file
