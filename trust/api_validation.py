"""The public validation API on the project's API framework (DRF + drf-spectacular):
``POST /api/trust/validate``. Errors are problem details (``application/problem+json``)
whose ``type`` is ``urn:problem:<code>`` with the refusal's code (``too_large``,
``not_a_pdf``, ``cms_envelope``, ``encrypted``, ``too_complex``, ``time_limit``, ``busy``,
``unknown_policy``, …)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import parsers, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ProblemError
from trust.validation import ValidationRefused, limits, max_bytes, policies, validate_pdf_bytes
from trust.validation.errors import DocumentTooLarge, NoDocument, NotAPdf

_MULTIPART_OVERHEAD = 64 * 1024
REPORT_TYPES = ("simple", "detailed")


class PdfParser(parsers.BaseParser):
    """A raw PDF as the request body (``application/pdf`` or ``application/octet-stream``)."""

    media_type = "application/pdf"

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        try:
            return {"document": request._request.body}
        except RequestDataTooBig:
            raise _refusal(DocumentTooLarge(max_bytes()))


class OctetStreamParser(PdfParser):
    media_type = "application/octet-stream"


def _refusal(exc: ValidationRefused) -> ProblemError:
    extra = {}
    return ProblemError(exc.message, code=exc.code, status_code=exc.http_status, title=exc.message, **extra)


class ValidationRequestSerializer(serializers.Serializer):
    document = serializers.FileField(help_text="The signed PDF (multipart), or send the PDF itself as the body.")
    policy = serializers.ChoiceField(
        choices=list(policies.POLICIES),
        required=False,
        help_text="POLv3: any eIDAS level; POLv4: qualified only (the default, as in SiVa).",
    )
    reportType = serializers.ChoiceField(choices=REPORT_TYPES, required=False, default="simple")
    signedReport = serializers.ChoiceField(choices=("pdf",), required=False)


_REPORT = inline_serializer(
    "ValidationReport",
    {
        "verdict": serializers.ChoiceField(choices=("TOTAL-PASSED", "TOTAL-FAILED", "INDETERMINATE")),
        "reason": serializers.CharField(),
        "policy": serializers.CharField(),
        "document_name": serializers.CharField(),
        "document_sha256": serializers.CharField(),
        "signature_count": serializers.IntegerField(),
        "valid_signature_count": serializers.IntegerField(),
        "signatures": serializers.ListField(child=serializers.DictField()),
        "timestamps": serializers.ListField(child=serializers.DictField()),
        "validationReport": serializers.DictField(help_text="The report in SiVa's vocabulary."),
        "limits": serializers.DictField(),
    },
)


class ValidateView(APIView):
    """Validate the signatures of a PDF, as SiVa does, under a named policy."""

    parser_classes = [parsers.MultiPartParser, PdfParser, OctetStreamParser]
    authentication_classes: list = []
    permission_classes: list = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method != "POST":
            return
        from trust.views_validation import _declared_length, _UploadLimit

        limit = max_bytes()
        if _declared_length(request._request) > limit + _MULTIPART_OVERHEAD:
            raise _refusal(DocumentTooLarge(limit))
        self._guard = _UploadLimit(request._request, limit=limit)
        request._request.upload_handlers.insert(0, self._guard)

    def _document(self, request) -> tuple[bytes, str]:
        content_type = request.content_type.split(";")[0].strip() if request.content_type else ""
        if content_type not in ("multipart/form-data", "application/pdf", "application/octet-stream"):
            if not request.META.get("CONTENT_LENGTH"):
                raise _refusal(NoDocument(_('Send the PDF as the multipart field "document", or as the request body.')))
            raise _refusal(NotAPdf(_("Send the document as application/pdf or as multipart/form-data.")))
        data = request.data
        if self._guard.exceeded:
            raise _refusal(DocumentTooLarge(self._guard.limit))
        document = data.get("document")
        if document is None:
            files = getattr(request, "FILES", {}) or {}
            document = next(iter(files.values()), None)
        if document is None:
            raise _refusal(NoDocument(_('Send the PDF as the multipart field "document", or as the request body.')))
        if isinstance(document, bytes):
            return document, ""
        if document.size > max_bytes():
            raise _refusal(DocumentTooLarge(max_bytes()))
        return document.read(), document.name or ""

    @extend_schema(
        operation_id="trust_validate",
        summary="Validate the signatures of a PDF (PAdES), as SiVa does",
        description=(
            "Send the PDF as multipart field `document` or as the request body (`application/pdf`). "
            "`policy` selects POLv3 (any eIDAS level) or POLv4 (qualified only, the default). "
            "`reportType=detailed` adds every rule applied to each signature. `signedReport=pdf` answers "
            "with the report as a PDF sealed by this system instead of JSON. One validation runs inside the "
            "time and memory budget given in `limits`."
        ),
        parameters=[
            OpenApiParameter("policy", OpenApiTypes.STR, enum=list(policies.POLICIES)),
            OpenApiParameter("reportType", OpenApiTypes.STR, enum=list(REPORT_TYPES)),
            OpenApiParameter("signedReport", OpenApiTypes.STR, enum=["pdf"]),
        ],
        request={"multipart/form-data": ValidationRequestSerializer, "application/pdf": OpenApiTypes.BINARY},
        responses={
            200: _REPORT,
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The sealed PDF report"),
            400: OpenApiResponse(description="No document, or an unknown policy (problem+json)"),
            413: OpenApiResponse(description="Larger than the limit (problem+json)"),
            415: OpenApiResponse(description="Not a PDF (problem+json)"),
            422: OpenApiResponse(description="Unreadable, too complex or over the time budget (problem+json)"),
            503: OpenApiResponse(description="Busy; retry after the Retry-After header (problem+json)"),
        },
    )
    def post(self, request):
        data, name = self._document(request)
        options = {**request.query_params.dict()}
        if hasattr(request.data, "get"):
            for key in ("policy", "reportType", "signedReport"):
                value = request.data.get(key)
                if isinstance(value, str) and value:
                    options[key] = value
        report_type = options.get("reportType", "simple").lower()
        if report_type not in REPORT_TYPES:
            raise ProblemError(
                _("reportType must be simple or detailed."),
                code="invalid",
                status_code=400,
                errors=[{"field": "reportType", "message": _("reportType must be simple or detailed.")}],
            )
        try:
            report = validate_pdf_bytes(data, document_name=name, policy=options.get("policy") or None)
        except ValidationRefused as exc:
            problem = _refusal(exc)
            if exc.http_status == 503:
                problem.extra["retry_after"] = 60
            raise problem
        if options.get("signedReport") == "pdf":
            from trust.validation.documents import render_report_pdf

            pdf, _sealed = render_report_pdf(report)
            response = HttpResponse(pdf, content_type="application/pdf")
            digest = report.document_sha256[:12] or hashlib.sha256(pdf).hexdigest()[:12]
            response["Content-Disposition"] = f'attachment; filename="validation-report-{digest}.pdf"'
            return response
        body = report.to_dict()
        body.update(report.siva(detailed=report_type == "detailed"))
        body["limits"] = limits()
        return Response(body)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == 503:
            response["Retry-After"] = "60"
        return response
