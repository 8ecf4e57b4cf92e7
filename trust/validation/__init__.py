"""Signature validation service (in the spirit of Estonia's SiVa).

The one entry point is ``validate_pdf_bytes``: give it the bytes of a PDF, get a
``ValidationReport`` (``report.to_dict()`` for JSON), or a ``ValidationRefused`` error
whose ``message`` says in words why the file could not be validated.

Settings: TRUST_VALIDATION_MAX_BYTES (largest accepted file), TRUST_VALIDATION_TIME_LIMIT
(seconds before a validation is stopped), TRUST_EXTRA_ANCHORS (PEM files trusted beside
this system's roots); optional TRUST_VALIDATION_MAX_OBJECTS (default 100 000 PDF objects)
and TRUST_VALIDATION_WORKERS (validations at once per process, default 2).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from trust.validation.anchors import AnchorLike, configured_anchors, normalise
from trust.validation.errors import (
    DamagedDocument,
    DocumentTooComplex,
    DocumentTooLarge,
    EncryptedDocument,
    NoDocument,
    NotAPdf,
    ServiceBusy,
    TruncatedDocument,
    ValidationRefused,
    ValidationTimedOut,
)
from trust.validation.report import FAILED, INDETERMINATE, PASSED, ValidationReport

__all__ = [
    "FAILED",
    "INDETERMINATE",
    "PASSED",
    "DamagedDocument",
    "DocumentTooComplex",
    "DocumentTooLarge",
    "EncryptedDocument",
    "NoDocument",
    "NotAPdf",
    "ServiceBusy",
    "TruncatedDocument",
    "ValidationRefused",
    "ValidationReport",
    "ValidationTimedOut",
    "configured_anchors",
    "max_bytes",
    "validate_pdf_bytes",
]

DEFAULT_MAX_OBJECTS = 100_000
DEFAULT_WORKERS = 2


def max_bytes() -> int:
    return int(getattr(settings, "TRUST_VALIDATION_MAX_BYTES", 10 * 1024 * 1024))


def validate_pdf_bytes(
    data: bytes,
    *,
    anchors: Iterable[AnchorLike] | None = None,
    document_name: str = "",
    time_limit: float | None = None,
) -> ValidationReport:
    """Validate every signature and document time-stamp in the PDF ``data``.

    ``anchors``: the trusted root certificates (cryptography or asn1crypto certificates,
    or DER/PEM bytes); ``None`` means the configured ones (this system's roots plus
    TRUST_EXTRA_ANCHORS). The work runs in a worker thread that is stopped after
    ``time_limit`` seconds (default TRUST_VALIDATION_TIME_LIMIT).

    Raises ``ValidationRefused`` (a subclass per reason) for input that is not a readable PDF.
    """
    from trust.validation import engine, guard

    data = bytes(data or b"")
    if not data:
        raise NoDocument()
    limit_bytes = max_bytes()
    if len(data) > limit_bytes:
        raise DocumentTooLarge(limit_bytes)
    anchor_list = configured_anchors() if anchors is None else normalise(anchors)
    seconds = float(time_limit or getattr(settings, "TRUST_VALIDATION_TIME_LIMIT", 20))
    max_objects = int(getattr(settings, "TRUST_VALIDATION_MAX_OBJECTS", DEFAULT_MAX_OBJECTS))
    workers = int(getattr(settings, "TRUST_VALIDATION_WORKERS", DEFAULT_WORKERS))
    language = translation.get_language()

    def work() -> ValidationReport:
        with translation.override(language):
            return engine.validate_document(
                data, anchors=anchor_list, document_name=document_name, max_objects=max_objects
            )

    return guard.run_with_deadline(work, time_limit=seconds, workers=workers, queue_wait=min(5.0, seconds))
