"""The public signature validation service: an upload page, the report (simple or
detailed), the sealed PDF report. Anyone may use it, signed in or not. The JSON API is
``trust.api_validation`` (DRF).
"""

from __future__ import annotations

import hashlib

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from trust.validation import ValidationRefused, max_bytes, policies, validate_pdf_bytes
from trust.validation.documents import BadReportToken, render_report_pdf, report_from_token, report_token
from trust.validation.errors import DocumentTooLarge
from trust.validation.forms import VIEW_DETAILED, ReportTokenForm, ValidationForm, view_choice
from trust.validation.report import ValidationReport

# Room for the multipart envelope around the file itself.
_MULTIPART_OVERHEAD = 64 * 1024


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _refusal_headers(exc: ValidationRefused) -> dict[str, str]:
    return {"Retry-After": "60"} if exc.http_status == 503 else {}


def _upload_page(
    request: HttpRequest, form: ValidationForm, status: int = 200, headers=None, error: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "error": error,
        "view": view_choice(request.POST) if form.is_bound else "simple",
        "policies": policies.POLICIES.values(),
        "policy": (request.POST.get("policy") if form.is_bound else "") or policies.default_policy_name(),
    }
    response = render(request, "trust/validation/upload.html", context, status=status)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _result_page(request: HttpRequest, report: ValidationReport, *, view: str, token: str | None = None):
    return render(
        request,
        "trust/validation/result.html",
        {
            "report": report,
            "detailed": view == VIEW_DETAILED,
            "token": token or report_token(report),
        },
    )


class _UploadLimit(FileUploadHandler):
    """Stops reading an uploaded file once it passes the size limit, so an oversized upload
    is not spooled to disk in full before it is refused."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


# CSRF is checked inside, after the upload limit is installed: the CSRF check reads the
# form body, and the limit has to be in place before anything does.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def validate(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _upload_page(request, ValidationForm())
    limit = max_bytes()
    if _declared_length(request) > limit + _MULTIPART_OVERHEAD:
        return _upload_page(request, ValidationForm(), status=413, error=DocumentTooLarge(limit).message)
    guard = _UploadLimit(request, limit=limit)
    request.upload_handlers.insert(0, guard)
    return _validate_upload(request, guard=guard)


@csrf_protect
def _validate_upload(request: HttpRequest, *, guard: _UploadLimit) -> HttpResponse:
    request.FILES  # noqa: B018 - parse the upload now, with the limit in place
    if guard.exceeded:
        return _upload_page(request, ValidationForm(), status=413, error=DocumentTooLarge(guard.limit).message)
    form = ValidationForm(request.POST, request.FILES)
    if not form.is_valid():
        too_large = any(e.code == "too_large" for e in form.errors.as_data().get("document", []))
        return _upload_page(request, form, status=413 if too_large else 400)
    upload = form.cleaned_data["document"]
    try:
        report = validate_pdf_bytes(
            upload.read(), document_name=upload.name or "", policy=form.cleaned_data.get("policy") or None
        )
    except ValidationRefused as exc:
        form.add_error("document", exc.message)
        return _upload_page(request, form, status=exc.http_status, headers=_refusal_headers(exc))
    return _result_page(request, report, view=view_choice(request.POST))


def _report_from_post(request: HttpRequest) -> tuple[ValidationReport, str, str] | HttpResponse:
    form = ReportTokenForm(request.POST)
    if form.is_valid():
        token = form.cleaned_data["report"]
        try:
            return report_from_token(token), token, view_choice(request.POST)
        except BadReportToken:
            pass
    return _upload_page(
        request,
        ValidationForm(),
        status=400,
        error=_("This report has expired or is not one this service produced. Upload the document again."),
    )


@require_POST
def report(request: HttpRequest) -> HttpResponse:
    """The same report again, in the other view (simple or detailed), without re-validating."""
    loaded = _report_from_post(request)
    if isinstance(loaded, HttpResponse):
        return loaded
    report_obj, token, view = loaded
    return _result_page(request, report_obj, view=view, token=token)


@require_POST
def report_pdf(request: HttpRequest) -> HttpResponse:
    loaded = _report_from_post(request)
    if isinstance(loaded, HttpResponse):
        return loaded
    report_obj, _token, _view = loaded
    pdf, _sealed = render_report_pdf(report_obj)
    name = "validation-report-%s.pdf" % (report_obj.document_sha256[:12] or hashlib.sha256(pdf).hexdigest()[:12])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
