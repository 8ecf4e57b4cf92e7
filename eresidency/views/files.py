"""Uploaded files and letters, served only after an access check (never from a public URL)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from accounts.access import login_required_any
from eresidency import selectors
from eresidency.constants import ACCESS_PURPOSE
from eresidency.models import Application, InfoRequestFile
from exchange.services import log_access

_DOCUMENTS = {"cv": ("cv", "application/pdf", "CV"), "evidence": ("exception_evidence", None, "exception evidence")}


def _send(field_file, content_type: str, filename: str, *, inline: bool) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["Cache-Control"] = "private, no-store"
    # Uploaded by applicants, opened by officials: whatever a file holds, it runs with no
    # script, no plug-in, no form and no origin of ours.
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


UPLOAD_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def _guess_type(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".pdf"):
        return "application/pdf"
    if lower.endswith(".png"):
        return "image/png"
    return "image/jpeg"


def _log_official_read(request: HttpRequest, application: Application, what: str) -> None:
    if request.user.is_official:
        log_access(
            reader=request.user, person=application.applicant, what=what, purpose=ACCESS_PURPOSE, record=application
        )


@login_required_any
def photo(request: HttpRequest, code) -> HttpResponse:
    # The photo is part of the application page an official opened (logged there).
    application = selectors.get_application_for_user(request.user, code)
    return _send(application.photo, "image/jpeg", "photo.jpg", inline=True)


@login_required_any
def document(request: HttpRequest, code, kind: str) -> HttpResponse:
    if kind not in _DOCUMENTS:
        raise Http404
    application = selectors.get_application_for_user(request.user, code)
    field, content_type, what = _DOCUMENTS[kind]
    field_file = getattr(application, field)
    if not field_file:
        raise Http404
    _log_official_read(request, application, f"e-Residency application: {what}")
    name = field_file.name.rsplit("/", 1)[-1]
    return _send(field_file, content_type or _guess_type(name), f"{kind}{name[name.rfind('.') :]}", inline=False)


@login_required_any
def info_file(request: HttpRequest, code, file_code) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, code)
    attachment = InfoRequestFile.objects.filter(code=file_code, request__application=application).first()
    if attachment is None:
        raise Http404
    _log_official_read(request, application, "e-Residency application: answer to a request for information")
    ext = attachment.file.name[attachment.file.name.rfind(".") :]
    return _send(attachment.file, attachment.content_type, f"attachment{ext}", inline=False)


@login_required_any
def letter(request: HttpRequest, code) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, code)
    if not application.letter or application.letter_status != "ready":
        raise Http404
    _log_official_read(request, application, "e-Residency decision letter")
    return _send(application.letter, "application/pdf", f"decision-{application.code}.pdf", inline=False)
