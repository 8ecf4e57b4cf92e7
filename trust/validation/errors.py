"""Why the validation service refused a document. Each refusal carries a stable ``code`` for
the JSON API, an HTTP status and a ``message`` in words for the person who uploaded the file.

A refusal means no report could be made; a document that can be read but whose signatures
are bad is not a refusal: it gets a report with a failed verdict.
"""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class ValidationRefused(Exception):
    code = "refused"
    http_status = 422

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.default_message())
        self.message = str(self.args[0])

    def default_message(self) -> str:
        return _("The document could not be validated.")


class NoDocument(ValidationRefused):
    code = "no_document"
    http_status = 400

    def default_message(self) -> str:
        return _("Choose a PDF file to validate.")


class DocumentTooLarge(ValidationRefused):
    code = "too_large"
    http_status = 413

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__()

    def default_message(self) -> str:
        return _("The file is larger than %(limit)s, the most this service accepts.") % {
            "limit": filesizeformat(self.limit)
        }


class NotAPdf(ValidationRefused):
    code = "not_a_pdf"
    http_status = 415

    def default_message(self) -> str:
        return _("The file is not a PDF document. This service validates signed PDF files (PAdES).")


class EncryptedDocument(ValidationRefused):
    code = "encrypted"

    def default_message(self) -> str:
        return _(
            "The PDF is encrypted (password-protected), so its signatures cannot be checked here. "
            "Upload a copy without a password."
        )


class DamagedDocument(ValidationRefused):
    code = "damaged"

    def default_message(self) -> str:
        return _("The PDF file is damaged and cannot be read.")


class TruncatedDocument(DamagedDocument):
    code = "truncated"

    def default_message(self) -> str:
        return _("The PDF file is incomplete: it ends before the end of the document (it may have been truncated).")


class DocumentTooComplex(ValidationRefused):
    code = "too_complex"

    def default_message(self) -> str:
        return _("The PDF is too complex to validate.")


class ValidationTimedOut(ValidationRefused):
    code = "time_limit"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__()

    def default_message(self) -> str:
        return _("Validation was stopped at the time limit of %(seconds)s s: the document takes too long to check.") % {
            "seconds": f"{self.seconds:g}"
        }


class ServiceBusy(ValidationRefused):
    code = "busy"
    http_status = 503

    def default_message(self) -> str:
        return _("The validation service is busy. Try again in a minute.")


class ProcessingFailed(ValidationRefused):
    """The validator itself failed on this file: not a verdict on the file."""

    code = "processing_error"
    http_status = 422

    def default_message(self) -> str:
        return _(
            "The service could not finish checking this file because of an error in the validator, "
            "not necessarily in the file. The error has been logged; try again later or use another validator."
        )


class CmsEnvelope(ValidationRefused):
    """A CMS (PKCS#7) signed envelope, e.g. a .p7m file, possibly holding a PDF."""

    code = "cms_envelope"
    http_status = 415

    def __init__(self, holds_pdf: bool) -> None:
        self.holds_pdf = holds_pdf
        super().__init__()

    def default_message(self) -> str:
        if self.holds_pdf:
            return _(
                "The file is a CMS (PKCS#7) signed envelope, such as a .p7m file, with a PDF inside; it is not "
                "a signed PDF. This service validates signatures inside PDF documents (PAdES)."
            )
        return _(
            "The file is a CMS (PKCS#7) signed envelope, such as a .p7m or .p7s file, not a PDF. "
            "This service validates signatures inside PDF documents (PAdES)."
        )


def memory_message() -> str:
    return _("Checking the PDF needs more memory than this service allows for one document.")
