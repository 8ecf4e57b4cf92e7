"""The public register: search by name or registry code."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from companies import selectors


def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:200]
    page = None
    if query:
        page = Paginator(selectors.register_search(query), 25).get_page(request.GET.get("page"))
    return render(request, "companies/search.html", {"query": query, "page": page})


def card(request: HttpRequest, registry_code: str) -> HttpResponse:
    company = selectors.get_public_company(registry_code)
    return render(request, "companies/card.html", selectors.card_context(company))


def card_pdf(request: HttpRequest, registry_code: str) -> HttpResponse:
    from django.http import FileResponse, Http404

    company = selectors.get_public_company(registry_code)
    if not company.card_pdf:
        raise Http404
    response = FileResponse(company.card_pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="registrikaart-{company.registry_code}.pdf"'
    return response


def open_data(request: HttpRequest) -> HttpResponse:
    """Every company in the register, one JSON object a line (the format import_register reads)."""
    from django.http import StreamingHttpResponse

    from companies import opendata

    response = StreamingHttpResponse(opendata.export_lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="business-register.jsonl"'
    return response
