"""Issue 10: active PDFs are refused, served uploads are sandboxed, JPEG comments go."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from eresidency.photos import clean_evidence, clean_pdf, clean_photo
from tests.eresidency.conftest import upload


def _pdf(extra) -> bytes:
    """A one-page PDF whose catalogue gets ``extra(writer)``'s entries."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    writer = PdfFileWriter()
    content = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 72 720 200 20 re f"))
    writer.insert_page(PageObject(contents=content, media_box=(0, 0, 595, 842)))
    for key, value in extra(writer, generic).items():
        writer.root[generic.NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript(writer, g):
    action = g.DictionaryObject(
        {g.NameObject("/S"): g.NameObject("/JavaScript"), g.NameObject("/JS"): g.TextStringObject("app.alert(1)")}
    )
    return {"/OpenAction": writer.add_object(action)}


def _launch(writer, g):
    action = g.DictionaryObject(
        {g.NameObject("/S"): g.NameObject("/Launch"), g.NameObject("/F"): g.TextStringObject("calc.exe")}
    )
    return {"/OpenAction": writer.add_object(action)}


def _embedded(writer, g):
    stream = writer.add_object(
        g.StreamObject({g.NameObject("/Type"): g.NameObject("/EmbeddedFile")}, stream_data=b"MZ payload")
    )
    spec = g.DictionaryObject(
        {
            g.NameObject("/Type"): g.NameObject("/Filespec"),
            g.NameObject("/F"): g.TextStringObject("invoice.exe"),
            g.NameObject("/EF"): g.DictionaryObject({g.NameObject("/F"): stream}),
        }
    )
    names = g.DictionaryObject(
        {
            g.NameObject("/EmbeddedFiles"): g.DictionaryObject(
                {g.NameObject("/Names"): g.ArrayObject([g.TextStringObject("invoice.exe"), writer.add_object(spec)])}
            )
        }
    )
    return {"/Names": writer.add_object(names)}


@pytest.mark.parametrize("maker", [_javascript, _launch, _embedded], ids=["javascript", "launch", "embedded"])
def test_active_pdfs_are_refused_with_a_clear_message(maker):
    data = _pdf(maker)
    for clean in (clean_pdf, clean_evidence):
        with pytest.raises(ValidationError, match="scripts, actions or attached files"):
            clean(upload(data, "cv.pdf", "application/pdf"))


def test_a_plain_pdf_still_passes():
    assert clean_pdf(upload(_pdf(lambda w, g: {}), "cv.pdf", "application/pdf")).content.startswith(b"%PDF-")


def _jpeg_with_comment() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 860), (200, 210, 220)).save(out, format="JPEG", comment=b"secret-comment-42")
    return out.getvalue()


def test_jpeg_comment_segment_is_stripped_from_photo_and_evidence():
    original = _jpeg_with_comment()
    assert b"secret-comment-42" in original
    assert b"secret-comment-42" not in clean_photo(upload(original)).content
    assert b"secret-comment-42" not in clean_evidence(upload(original, "e.jpg")).content


@pytest.mark.django_db
def test_served_uploads_carry_a_sandboxing_csp(personas, client_for, locations):
    from django.urls import reverse

    from tests.eresidency.conftest import make_draft

    application = make_draft(personas["alice"])
    response = client_for("alice").get(reverse("eresidency:photo", kwargs={"code": application.code}))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox") and "default-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
