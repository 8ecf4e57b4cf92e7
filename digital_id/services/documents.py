"""The PIN envelope as a PDF (WeasyPrint), rendered in memory and never stored."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from digital_id.models import DigitalId
from digital_id.services.envelope import PinCodes


def render_pin_envelope_pdf(digital_id: DigitalId, codes: PinCodes) -> bytes:
    from weasyprint import HTML

    with translation.override(digital_id.holder.language or "en"):
        html = render_to_string(
            "digital_id/documents/pin_envelope.html",
            {
                "digital_id": digital_id,
                "personal_code": digital_id.personal_code.code,
                "codes": codes,
                "handed_over_at": timezone.localtime(digital_id.handed_over_at or timezone.now()),
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/a-3b")
