"""The business register's JSON API (Django REST framework), under /api/companies/."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from companies.search import check_name


class NameCheckQuery(serializers.Serializer):
    name = serializers.CharField(max_length=300, allow_blank=False, trim_whitespace=True)


class ConflictSerializer(serializers.Serializer):
    name = serializers.CharField()
    registry_code = serializers.CharField(required=False)
    pending = serializers.BooleanField(required=False)
    reserved = serializers.BooleanField(required=False)
    reason = serializers.CharField()
    score = serializers.FloatField()


class NameCheckSerializer(serializers.Serializer):
    name = serializers.CharField()
    normalised = serializers.CharField()
    available = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())
    conflicts = ConflictSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class NameCheckView(APIView):
    """Can this business name be used, and if not, why not (indicative; the registrar decides)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "name_check"

    @extend_schema(
        parameters=[OpenApiParameter("name", str, required=True, description="The name, with its legal form.")],
        responses=NameCheckSerializer,
        summary="Check a business name",
    )
    def get(self, request: Request) -> Response:
        query = NameCheckQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        verdict = check_name(query.validated_data["name"])
        return Response(NameCheckSerializer(verdict.as_dict()).data)


class RepresentativeSerializer(serializers.Serializer):
    personal_code = serializers.CharField()
    given_names = serializers.CharField()
    surname = serializers.CharField()
    role = serializers.CharField()
    represents_alone = serializers.BooleanField()


class RepresentationSerializer(serializers.Serializer):
    registry_code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    on = serializers.DateField()
    representatives = RepresentativeSerializer(many=True)


class CompanySerializer(serializers.Serializer):
    registry_code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    registered_on = serializers.DateField()
    email = serializers.CharField()
    address = serializers.CharField()
    financial_year_end = serializers.CharField()


class RepresentativesView(APIView):
    """Who may represent this company today (the register's right of representation)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "anon"

    @extend_schema(responses=RepresentationSerializer, summary="Who may represent a company")
    def get(self, request: Request, registry_code: str) -> Response:
        from companies import selectors
        from companies.workdays import tallinn_date

        company = selectors.get_public_company(registry_code)
        today = tallinn_date()
        data = {
            "registry_code": company.registry_code,
            "name": company.name,
            "status": company.status,
            "on": today,
            "representatives": selectors.company_representatives(registry_code=company.registry_code, on=today),
        }
        return Response(RepresentationSerializer(data).data)


class CompanyView(APIView):
    """A company's general data from the register."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "anon"

    @extend_schema(responses=CompanySerializer, summary="A company by registry code")
    def get(self, request: Request, registry_code: str) -> Response:
        from companies import selectors

        return Response(CompanySerializer(selectors.company_info(selectors.get_public_company(registry_code))).data)
