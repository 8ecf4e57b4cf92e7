"""Refuse request parameters holding NUL characters with a 400.

PostgreSQL cannot store or compare text containing NUL (``\\x00``), so such a value in a
filter or a form that reached a query raised a 500. Forms already refuse it field by
field; this catches every query-string and form parameter the forms never see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return HttpResponseBadRequest(
                _("The request contains a NUL character, which no field accepts."), content_type="text/plain"
            )
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    sources = [request.GET]
    # Multipart bodies are left to the views (which may set their own upload handlers);
    # their form fields refuse NUL characters themselves.
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False
