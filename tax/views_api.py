"""The public tax calculator: ``POST /api/tax/calculate`` and its JSON Schema.

Accountants' software calls it, so the request and response keep the documented contract
(more fields may be added, none removed). Errors are problem+json naming each field.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from config.api import ProblemError
from tax.calculator import CalcInputError, calculate
from tax.calculator.schema import REQUEST_SCHEMA, RESPONSE_SCHEMA, for_openapi

_PROBLEM = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
        },
    },
}
_EXAMPLE = {
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
    "annex7": [{"recipient": "Alice Applicant", "net": "1000.00", "paid_on": "2025-03-14"}],
}


def problem_for(exc: CalcInputError) -> ProblemError:
    return ProblemError(
        exc.errors[0]["message"]
        if len(exc.errors) == 1
        else "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors),
        code="invalid",
        title="The return cannot be computed.",
        errors=exc.errors,
    )


class CalculateView(APIView):
    """Compute a TSD or KMD: every line's figures with the rule and value used, the totals
    and the due date. Nothing is stored."""

    authentication_classes: list = []
    permission_classes: list = []
    parser_classes = [JSONParser]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        operation_id="tax_calculate",
        summary="Compute a monthly return (TSD or KMD)",
        request={"application/json": for_openapi(REQUEST_SCHEMA)},
        responses={
            200: OpenApiResponse(response=for_openapi(RESPONSE_SCHEMA), description="The computed return."),
            400: OpenApiResponse(response=_PROBLEM, description="problem+json; errors[].field names each bad field."),
        },
        examples=[OpenApiExample("A month with one wage and one dividend", value=_EXAMPLE, request_only=True)],
        tags=["tax"],
    )
    def post(self, request: Request) -> Response:
        try:
            return Response(calculate(request.data))
        except CalcInputError as exc:
            raise problem_for(exc) from None


class CalculateSchemaView(APIView):
    """The JSON Schemas (draft 2020-12) of the calculator's request and response."""

    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(
        operation_id="tax_calculate_schema",
        summary="JSON Schema of the calculator's request and response",
        responses={200: OpenApiResponse(response={"type": "object"}, description="request and response schemas")},
        tags=["tax"],
    )
    def get(self, request: Request) -> Response:
        return Response({"request": REQUEST_SCHEMA, "response": RESPONSE_SCHEMA})
