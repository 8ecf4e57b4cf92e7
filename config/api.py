"""The one JSON API framework of the project (Django REST framework + drf-spectacular).

Every JSON endpoint answers errors as RFC 9457 problem details
(`application/problem+json`): `type`, `title`, `status`, `detail`, and for invalid input
`errors`, a list of `{"field": "annex1[0].gross", "message": "…"}` naming each bad field.
Apps raise `ProblemError` (or DRF's own exceptions, or `serializers.ValidationError`) and
this handler shapes the answer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "urn:problem:"


class ProblemError(exceptions.APIException):
    """An API refusal with a stable machine code (`type` becomes `urn:problem:<code>`)."""

    def __init__(self, detail: str, *, code: str, status_code: int = 400, title: str = "", **extra: Any) -> None:
        super().__init__(detail=detail, code=code)
        self.status_code = status_code
        self.problem_code = code
        self.title = title
        self.extra = extra


def _flatten(errors: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error dict/list to a flat list of {field, message} with dotted paths."""
    out: list[dict[str, str]] = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            if isinstance(key, int):  # a list serializer reports rows by index
                path = f"{prefix}[{key}]"
            else:
                name = "" if key in ("non_field_errors", "__all__") and not prefix else str(key)
                path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            out.extend(_flatten(value, path))
    elif isinstance(errors, list):
        if all(not isinstance(e, (dict, list)) for e in errors):
            out.extend({"field": prefix, "message": str(e)} for e in errors)
        else:
            for i, value in enumerate(errors):
                if value:
                    out.extend(_flatten(value, f"{prefix}[{i}]"))
    else:
        out.append({"field": prefix, "message": str(errors)})
    return out


def problem_response(
    *, status_code: int, code: str, title: str, detail: str = "", errors: list | None = None, **extra: Any
) -> Response:
    body: dict[str, Any] = {"type": PROBLEM_BASE + code, "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: Django's 500 handling (logged) takes over
    if isinstance(exc, ProblemError):
        problem = problem_response(
            status_code=exc.status_code,
            code=exc.problem_code,
            title=exc.title or str(exc.detail),
            detail=str(exc.detail),
            **exc.extra,
        )
    elif isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        problem = problem_response(
            status_code=status.HTTP_400_BAD_REQUEST,
            code="invalid",
            title="The request is not valid.",
            detail="; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors),
            errors=errors,
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        problem = problem_response(
            status_code=response.status_code,
            code=code if isinstance(code, str) else "error",
            title=str(detail),
            detail=str(detail),
        )
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            problem[header] = response[header]
    return problem
