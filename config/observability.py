"""Request ids, one structured log line per request, and the log filter that stamps every
record with the id of the request (or task) it belongs to."""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# An id from the proxy in front is kept when it looks like one, so a request can be
# followed from the load balancer's log into ours; anything else gets a fresh id.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
REQUEST_ID_HEADER = "X-Request-ID"

access_logger = logging.getLogger("config.request")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestIdMiddleware:
    """First in the chain: sets the request id, answers with it, logs the request once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs errors (django.request) after the middleware
        # chain returns, and those lines must carry the id too. The next request sets its own.
        request_id_var.set(request_id)
        start = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        # Name the user only when the request loaded it anyway: the log must not cost a query.
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "_wrapped", None) is empty:
            user = None
        access_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "http_method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 2),
                # request.user may be an API client (an exchange member), not a User
                "user": str(getattr(user, "code", "")) if getattr(user, "is_authenticated", False) else "",
            },
        )
        return response
