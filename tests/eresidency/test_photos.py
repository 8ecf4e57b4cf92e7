import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from eresidency.photos import clean_evidence, clean_pdf, clean_photo
from tests.eresidency.conftest import jpeg_bytes, pdf_bytes, upload


def test_a_good_photo_is_reencoded_without_metadata():
    original = jpeg_bytes(640, 853, exif=True)
    assert Image.open(io.BytesIO(original)).getexif().get(0x010F) == "SecretCam"
    photo = clean_photo(upload(original))
    assert (photo.width, photo.height) == (640, 853)
    cleaned = Image.open(io.BytesIO(photo.content))
    assert cleaned.format == "JPEG"
    assert not cleaned.getexif()
    assert b"SecretCam" not in photo.content and b"Exif" not in photo.content


def test_too_small_photo_is_refused_with_its_size():
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(jpeg_bytes(599, 800)))
    assert error.value.code == "too_small"
    assert "599×800" in error.value.messages[0]


def test_landscape_photo_is_too_small_in_height():
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(jpeg_bytes(800, 600)))
    assert error.value.code == "too_small"


def test_png_disguised_as_jpeg_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(jpeg_bytes(600, 800, fmt="PNG"), name="photo.jpg", content_type="image/jpeg"))
    assert error.value.code == "not_jpeg"
    assert "PNG" in error.value.messages[0]


@pytest.mark.parametrize(
    "content",
    [b"not a picture at all", jpeg_bytes()[:2000], b"\xff\xd8\xff\xe0" + b"\x00" * 500],
    ids=["text", "truncated", "header-only"],
)
def test_corrupt_files_are_refused(content):
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(content))
    assert error.value.code == "corrupt"


def test_truncated_photo_is_refused_even_after_weasyprint_is_imported():
    import weasyprint  # noqa: F401 - it turns on Pillow's LOAD_TRUNCATED_IMAGES for the process
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    with pytest.raises(ValidationError):
        clean_photo(upload(jpeg_bytes()[:2000]))
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # restored for WeasyPrint


def test_oversized_file_is_refused_before_decoding(settings):
    settings.ERESIDENCY_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(jpeg_bytes()))
    assert error.value.code == "too_large"


def test_rotated_phone_photo_is_checked_upright():
    image = Image.new("RGB", (800, 600), (200, 200, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    photo = clean_photo(upload(out.getvalue()))
    assert (photo.width, photo.height) == (600, 800)


def test_cv_must_be_a_readable_pdf():
    assert clean_pdf(upload(pdf_bytes(), "cv.pdf", "application/pdf")).content.startswith(b"%PDF-")
    with pytest.raises(ValidationError):
        clean_pdf(upload(jpeg_bytes(), "cv.pdf", "application/pdf"))
    with pytest.raises(ValidationError):
        clean_pdf(upload(b"%PDF-1.7\ngarbage that is not a pdf", "cv.pdf", "application/pdf"))


def test_evidence_accepts_pdf_jpeg_png_only():
    assert clean_evidence(upload(pdf_bytes(), "a.pdf")).content_type == "application/pdf"
    assert clean_evidence(upload(jpeg_bytes(100, 100, fmt="PNG"), "a.png")).content_type == "image/png"
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    with pytest.raises(ValidationError):
        clean_evidence(upload(gif.getvalue(), "a.gif"))
