"""The member API (/api/v1/…) and the exchange's public JSON (/api/exchange/…)."""

from __future__ import annotations

import base64

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from config.api import ProblemError
from exchange.api.oauth import MemberAuthentication
from exchange.api.serializers import (
    AnchorSerializer,
    MemberServiceSerializer,
    QueryAnswerSerializer,
    QueryRequestSerializer,
    ServiceSerializer,
    UsageSerializer,
)
from exchange.api.throttles import MemberRateThrottle
from exchange.constants import Refusal, max_request_bytes
from exchange.exceptions import ExchangeError
from exchange.models import Member
from exchange.registry import get_service, services
from exchange.selectors import active_agreements_of, journal_anchors, usage_of
from exchange.services import member_query_answer

SIGNATURE_HEADER = "X-Exchange-Signature"
MESSAGE_HEADER = "X-Exchange-Message-Id"

PROBLEM = OpenApiResponse(
    response=inline_serializer(
        "Problem",
        {
            "type": drf_serializers.CharField(),
            "title": drf_serializers.CharField(),
            "status": drf_serializers.IntegerField(),
            "detail": drf_serializers.CharField(required=False),
        },
    ),
    description="RFC 9457 problem details (application/problem+json).",
)


class IsMember(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.user, Member)


class MemberView(APIView):
    authentication_classes = [MemberAuthentication]
    permission_classes = [IsMember]
    throttle_classes = [MemberRateThrottle]


def _service_row(s) -> dict:
    return {
        "code": s.code,
        "provider": s.provider,
        "title": str(s.title),
        "description": str(s.description),
        "version": s.version,
        "fields": list(s.fields),
        "personal_data": s.personal_data,
        "subject_kind": s.subject_kind,
    }


class ServiceQueryView(MemberView):
    @extend_schema(
        operation_id="service_query",
        summary="Ask a provider agency's service about one subject",
        description=(
            "Needs a bearer token (OAuth2 client credentials) whose scopes include the service, an active "
            "agreement, the purpose and, for person data, the legal basis or the person's consent reference. "
            f"The answer is sealed by the provider agency: `{SIGNATURE_HEADER}` holds a detached CMS signature "
            "(base64 DER) over the exact body bytes, with the seal certificate and its chain."
        ),
        parameters=[OpenApiParameter("service_code", OpenApiTypes.STR, OpenApiParameter.PATH)],
        request=QueryRequestSerializer,
        responses={
            200: QueryAnswerSerializer,
            400: PROBLEM,
            401: PROBLEM,
            403: PROBLEM,
            404: PROBLEM,
            413: PROBLEM,
            429: PROBLEM,
            503: PROBLEM,
        },
    )
    def post(self, request, service_code: str):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > max_request_bytes():
            raise ProblemError(
                f"The request body may hold at most {max_request_bytes()} bytes.",
                code="too_large",
                status_code=413,
            )
        service = get_service(service_code)
        if service is None:
            raise ProblemError(str(Refusal.UNKNOWN_SERVICE.label), code=Refusal.UNKNOWN_SERVICE, status_code=404)
        if not request.auth.allow_scopes([service.code]):
            raise ProblemError(
                "The token's scopes do not include this service.",
                code="insufficient_scope",
                status_code=403,
                scope=service.code,
            )
        payload = QueryRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        try:
            answer = member_query_answer(
                member=request.user,
                service=service.code,
                subject=values["subject"],
                purpose=values["purpose"],
                legal_basis=values["legal_basis"],
                consent_reference=values["consent_reference"],
                request_body=request.body,
            )
        except ExchangeError as refusal:  # refused, or the provider cannot seal: nothing logged
            raise ProblemError(refusal.reason, code=refusal.code, status_code=refusal.status) from None
        response = HttpResponse(answer.body, content_type="application/json")
        response[SIGNATURE_HEADER] = base64.b64encode(answer.signature).decode()
        response[MESSAGE_HEADER] = str(answer.message.code)
        return response


class MemberServicesView(MemberView):
    @extend_schema(
        operation_id="member_services",
        summary="The services this member may use, with the fields each agreement grants",
        responses={200: MemberServiceSerializer(many=True), 401: PROBLEM, 429: PROBLEM},
    )
    def get(self, request):
        rows = []
        for agreement in active_agreements_of(request.user):
            service = get_service(agreement.service_code)
            rows.append(
                {
                    "code": agreement.service_code,
                    "title": str(service.title) if service else agreement.service_code,
                    "version": agreement.service_version,
                    "agreement": agreement.code,
                    "fields_granted": agreement.fields,
                    "valid_until": agreement.valid_until,
                }
            )
        return Response(MemberServiceSerializer(rows, many=True).data)


class MemberUsageView(MemberView):
    @extend_schema(
        operation_id="member_usage",
        summary="This member's answered queries per service and month (what it is billed for)",
        responses={200: UsageSerializer(many=True), 401: PROBLEM, 429: PROBLEM},
    )
    def get(self, request):
        rows = [
            {"service": u.service_code, "month": f"{u.month:%Y-%m}", "queries": u.count} for u in usage_of(request.user)
        ]
        return Response(UsageSerializer(rows, many=True).data)


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]


class ServiceCatalogueView(PublicView):
    @extend_schema(
        operation_id="exchange_services",
        summary="Every service the agencies offer through the exchange",
        responses={200: ServiceSerializer(many=True)},
    )
    def get(self, request):
        return Response(ServiceSerializer([_service_row(s) for s in services()], many=True).data)


class AnchorListView(PublicView):
    @extend_schema(
        operation_id="journal_anchors",
        summary="The journal's published anchors: head hashes time-stamped by the TSA",
        description="Keep a copy: `manage.py verify_journal --anchors copy.json` checks the journal against it.",
        responses={200: inline_serializer("AnchorList", {"anchors": AnchorSerializer(many=True)})},
    )
    def get(self, request):
        rows = [
            {
                "seq": a.seq,
                "head_hash": a.head_hash,
                "anchored_at": a.anchored_at,
                "token": base64.b64encode(bytes(a.token)).decode(),
            }
            for a in journal_anchors()
        ]
        return Response({"anchors": AnchorSerializer(rows, many=True).data})
