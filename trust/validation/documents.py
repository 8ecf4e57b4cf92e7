"""The report as a carried token and as a sealed PDF.

Nothing about an upload is stored. The result page carries the report to its "detailed
view" and "download PDF" buttons as a signed token (django.core.signing, keyed with
SECRET_KEY): the system seals the PDF it makes from that token, so the token must be
something only this server could have produced.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.utils import translation

from trust.validation.report import ValidationReport

logger = logging.getLogger(__name__)

TOKEN_SALT = "trust.validation.report"
TOKEN_MAX_AGE = 60 * 60  # an hour to look at the report and download it


class BadReportToken(Exception):
    pass


def report_token(report: ValidationReport) -> str:
    return signing.dumps(report.to_dict(), salt=TOKEN_SALT, compress=True)


def report_from_token(token: str) -> ValidationReport:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        return ValidationReport.from_dict(data)
    except (signing.BadSignature, ValueError, TypeError, KeyError) as exc:
        raise BadReportToken() from exc


def _sealer():
    """``trust.services.seal_pdf`` if the signing part of trust/ provides it."""
    try:
        from trust import services
    except ImportError:
        return None
    return getattr(services, "seal_pdf", None)


def render_report_pdf(report: ValidationReport) -> tuple[bytes, bool]:
    """The report as a PDF (WeasyPrint), sealed with the system seal when sealing is
    available. Returns the bytes and whether they are sealed."""
    import weasyprint

    seal_pdf = _sealer()

    def render(sealed: bool) -> bytes:
        html = render_to_string(
            "trust/validation/documents/report.html",
            {"report": report, "sealed": sealed, "LANGUAGE_CODE": translation.get_language()},
        )
        return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

    if seal_pdf is None:
        return render(False), False
    pdf = render(True)
    try:
        return seal_pdf(pdf, seal="system"), True
    except Exception:
        logger.exception("Could not seal the validation report; delivering it unsealed")
        return render(False), False
