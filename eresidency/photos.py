"""Checking uploaded photos and documents by decoding them, never by trusting their names.

A photo is decoded with Pillow, turned upright, checked for size, and re-encoded as a fresh
JPEG: EXIF (GPS position, camera serial), XMP and other metadata do not survive.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from eresidency import constants

# A 600×800 photo is the minimum; anything past 50 megapixels is not a portrait photo
# but an attempt to exhaust memory while decoding.
MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    width: int
    height: int


@dataclass(frozen=True)
class CleanDocument:
    content: bytes
    content_type: str
    extension: str


def _read(upload: UploadedFile, limit: int) -> bytes:
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)})
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


_strict_lock = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Refuse truncated pictures while we decode. WeasyPrint switches Pillow's process-wide
    LOAD_TRUNCATED_IMAGES on when it is imported, which would let a cut-off upload through."""
    with _strict_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _open_image(data: bytes) -> Image.Image:
    with _strict_decoding(), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The picture is too large to process."), code="too_many_pixels")
            fmt = probe.format
            probe.verify()  # structure check; the object is unusable afterwards
            image = Image.open(io.BytesIO(data))
            image.load()  # full decode: truncated or corrupt data fails here
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
            raise ValidationError(_("The file could not be read as a picture. It may be damaged."), code="corrupt")
    image.info["_format"] = fmt
    return image


def clean_photo(upload: UploadedFile) -> CleanPhoto:
    """Validate a passport-style photo and return it re-encoded without metadata."""
    data = _read(upload, constants.photo_max_bytes())
    image = _open_image(data)
    if image.info.get("_format") != "JPEG":
        raise ValidationError(
            _("The photo must be a JPEG picture; this file is %(format)s.")
            % {"format": image.info.get("_format") or _("not a picture")},
            code="not_jpeg",
        )
    image = ImageOps.exif_transpose(image)  # a phone's "rotate" tag: check the upright size
    if image.width < constants.PHOTO_MIN_WIDTH or image.height < constants.PHOTO_MIN_HEIGHT:
        raise ValidationError(
            _("The photo is %(w)s×%(h)s pixels; it must be at least %(min_w)s×%(min_h)s (width × height).")
            % {
                "w": image.width,
                "h": image.height,
                "min_w": constants.PHOTO_MIN_WIDTH,
                "min_h": constants.PHOTO_MIN_HEIGHT,
            },
            code="too_small",
        )
    if image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    image = _pixels_only(image)
    out = io.BytesIO()
    # No exif=, icc_profile= or xmp= arguments: the new file carries pixels only.
    image.save(out, format="JPEG", quality=92, optimize=True)
    return CleanPhoto(content=out.getvalue(), width=image.width, height=image.height)


def _pixels_only(image: Image.Image) -> Image.Image:
    """Drop what Pillow would carry over into the new file from ``image.info`` (the JPEG
    comment segment, an ICC profile, PNG text chunks, DPI)."""
    image.info.clear()
    return image


# Names that make a PDF act rather than show: scripts, actions that start programs or
# fetch and submit data, embedded files and rich media.
_ACTIVE_KEYS = {"/JavaScript", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia", "/XFA"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/Rendition", "/GoToE"}
_MAX_PDF_OBJECTS = 200_000


def _pdf_active_content(reader) -> str:
    """The first active part found in the objects reachable from the trailer, or ''.

    Names are compared after the parser decoded them, so ``/J#61vaScript`` is caught too;
    objects inside object streams are reached like any other."""
    from pyhanko.pdf_utils import generic

    seen: set[tuple[int, int]] = set()
    trailer = reader.trailer
    present = set(trailer.keys())  # a TrailerDictionary, not a dict
    stack: list = [trailer[key] for key in ("/Root", "/Info") if key in present]
    visited = 0
    while stack:
        obj = stack.pop()
        visited += 1
        if visited > _MAX_PDF_OBJECTS:
            return "too many objects"
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, generic.DictionaryObject):  # streams are dictionaries too
            for name, value in obj.items():
                if str(name) in _ACTIVE_KEYS:
                    return str(name)
                if (
                    str(name) in {"/S", "/Type"}
                    and isinstance(value, generic.NameObject)
                    and (str(value) in _ACTIVE_ACTIONS or str(value) == "/EmbeddedFile")
                ):
                    return str(value)
                if str(name) == "/EF":
                    return "/EF"
                stack.append(value)
        elif isinstance(obj, generic.ArrayObject):
            stack.extend(obj)
    return ""


def clean_pdf(upload: UploadedFile) -> CleanDocument:
    """A PDF (the CV): checked by its header and by parsing its structure; PDFs with
    scripts, launch actions or embedded files are refused (officials open these)."""
    data = _read(upload, constants.file_max_bytes())
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("The file must be a PDF document."), code="not_pdf")
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.root is None:
            raise ValueError("no catalogue")
        active = _pdf_active_content(reader)
    except Exception:
        raise ValidationError(_("The PDF could not be read. It may be damaged."), code="corrupt_pdf")
    if active:
        raise ValidationError(
            _(
                "This PDF contains scripts, actions or attached files, which we do not accept. Save it again as a "
                "plain PDF (for example with “Print to PDF”) and upload that copy."
            ),
            code="active_pdf",
        )
    return CleanDocument(content=data, content_type="application/pdf", extension=".pdf")


def clean_evidence(upload: UploadedFile) -> CleanDocument:
    """Evidence or an attachment: a PDF, or a JPEG/PNG picture (re-encoded without metadata)."""
    data = _read(upload, constants.file_max_bytes())
    if data.startswith(b"%PDF-"):
        upload.seek(0)
        return clean_pdf(upload)
    image = _open_image(data)
    fmt = image.info.get("_format")
    if fmt not in {"JPEG", "PNG"}:
        raise ValidationError(_("Attach a PDF, JPEG or PNG file."), code="bad_type")
    image = _pixels_only(ImageOps.exif_transpose(image))
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=90)
        return CleanDocument(content=out.getvalue(), content_type="image/jpeg", extension=".jpg")
    image.save(out, format="PNG")
    return CleanDocument(content=out.getvalue(), content_type="image/png", extension=".png")
