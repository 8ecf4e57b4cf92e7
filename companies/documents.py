"""The founding document and the registry card, rendered to PDF/A by WeasyPrint.

The founding document holds the articles of association (model articles) and the founding
resolution (one founder) or memorandum of association (several), in Estonian with an
English reading copy; every founder and board member signs this one file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/a-3b")


def founding_context(application: Any) -> dict[str, Any]:
    founders = list(application.founders.select_related("legal_person").all())
    board = list(application.board.all())
    return {
        "application": application,
        "founders": founders,
        "several": len(founders) > 1,
        "management": [m for m in board if m.board == "management"],
        "supervisory": [m for m in board if m.board == "supervisory"],
        "version": application.document_version,
        "made_at": timezone.localtime(),
    }


def render_founding_pdf(application: Any) -> bytes:
    with translation.override("et"):
        return _pdf("companies/documents/founding.html", founding_context(application))


def verification_url(company: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("companies:verify", kwargs={"code": company.card_code})


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").png_data_uri(scale=4, border=2)


def render_card_pdf(company: Any, context: dict[str, Any]) -> bytes:
    url = verification_url(company)
    with translation.override("et"):
        return _pdf("companies/documents/card.html", {**context, "verify_url": url, "qr": qr_data_uri(url)})
