"""Signature validation service (in the spirit of Estonia's SiVa, after EN 319 102-1).

The one entry point is ``validate_pdf_bytes``: give it the bytes of a PDF, get a
``ValidationReport`` (``report.to_dict()`` for JSON, ``report.siva()`` for SiVa's simple or
detailed report), or a ``ValidationRefused`` error whose ``message`` says in words why the
file could not be validated.

Settings: TRUST_VALIDATION_MAX_BYTES (largest accepted file), TRUST_VALIDATION_TIME_LIMIT
(seconds for the whole validation: parsing, validation and the report),
TRUST_VALIDATION_MEMORY_LIMIT_MB (memory one validation may add), TRUST_VALIDATION_MAX_OBJECTS
(PDF objects), TRUST_VALIDATION_MAX_SIGNATURES (signatures in one document),
TRUST_VALIDATION_WORKERS (validations at once per process), TRUST_VALIDATION_DEFAULT_POLICY
(``POLv4``, as SiVa; or ``POLv3``), TRUST_VALIDATION_TRUSTED_LISTS (ETSI TS 119 612 files)
and TRUST_EXTRA_ANCHORS (PEM files of further CAs).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from trust.validation import policies, trustlist
from trust.validation.anchors import AnchorLike, configured_anchors, normalise
from trust.validation.errors import (
    CmsEnvelope,
    DamagedDocument,
    DocumentTooComplex,
    DocumentTooLarge,
    EncryptedDocument,
    NoDocument,
    NotAPdf,
    ProcessingFailed,
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
    "CmsEnvelope",
    "DamagedDocument",
    "DocumentTooComplex",
    "DocumentTooLarge",
    "EncryptedDocument",
    "NoDocument",
    "NotAPdf",
    "ProcessingFailed",
    "ServiceBusy",
    "TruncatedDocument",
    "UnknownPolicy",
    "ValidationRefused",
    "ValidationReport",
    "ValidationTimedOut",
    "configured_anchors",
    "max_bytes",
    "validate_pdf_bytes",
]

DEFAULT_MAX_OBJECTS = 100_000
DEFAULT_MAX_SIGNATURES = 100
DEFAULT_WORKERS = 2
DEFAULT_MEMORY_LIMIT_MB = 384


class UnknownPolicy(ValidationRefused):
    code = "unknown_policy"
    http_status = 400

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__()

    def default_message(self) -> str:
        from django.utils.translation import gettext as _

        return _("There is no validation policy “%(name)s”; choose one of %(names)s.") % {
            "name": self.name,
            "names": ", ".join(policies.POLICIES),
        }


def max_bytes() -> int:
    return int(getattr(settings, "TRUST_VALIDATION_MAX_BYTES", 10 * 1024 * 1024))


def limits() -> dict[str, float | int]:
    """The budget of one validation, as the API reports it."""
    return {
        "max_bytes": max_bytes(),
        "time_limit_seconds": float(getattr(settings, "TRUST_VALIDATION_TIME_LIMIT", 20)),
        "memory_limit_mb": int(getattr(settings, "TRUST_VALIDATION_MEMORY_LIMIT_MB", DEFAULT_MEMORY_LIMIT_MB)),
        "max_objects": int(getattr(settings, "TRUST_VALIDATION_MAX_OBJECTS", DEFAULT_MAX_OBJECTS)),
        "max_signatures": int(getattr(settings, "TRUST_VALIDATION_MAX_SIGNATURES", DEFAULT_MAX_SIGNATURES)),
    }


def validate_pdf_bytes(
    data: bytes,
    *,
    anchors: Iterable[AnchorLike] | None = None,
    trusted_list: trustlist.TrustedList | None = None,
    policy: str | None = None,
    document_name: str = "",
    time_limit: float | None = None,
    stats: dict | None = None,
) -> ValidationReport:
    """Validate every signature and document time-stamp in the PDF ``data``.

    Trust: ``trusted_list`` (a ``trustlist.TrustedList``) and/or ``anchors`` (root
    certificates as cryptography or asn1crypto objects or DER/PEM bytes, trusted as
    non-qualified CAs); with neither, the configured list (this system's services, the
    TS 119 612 files of TRUST_VALIDATION_TRUSTED_LISTS and TRUST_EXTRA_ANCHORS).
    ``policy``: "POLv3" or "POLv4" (default TRUST_VALIDATION_DEFAULT_POLICY).

    Parsing, validation and building the plain report run in a child process inside one
    budget: ``time_limit`` seconds (default TRUST_VALIDATION_TIME_LIMIT) and
    TRUST_VALIDATION_MEMORY_LIMIT_MB. ``stats`` (a dict) receives ``seconds`` and
    ``peak_memory``.

    Raises ``ValidationRefused`` (a subclass per reason) for input that is not a readable PDF.
    """
    from trust.validation import guard

    data = bytes(data or b"")
    if not data:
        raise NoDocument()
    limit_bytes = max_bytes()
    if len(data) > limit_bytes:
        raise DocumentTooLarge(limit_bytes)
    try:
        chosen = policies.get_policy(policy)
    except KeyError:
        raise UnknownPolicy(str(policy))
    if trusted_list is None and anchors is None:
        trusted = trustlist.configured()
    else:
        trusted = trusted_list or trustlist.TrustedList()
        if anchors is not None:
            trusted = trusted.merged(trustlist.from_anchors(normalise(anchors)))
    budget = limits()
    seconds = float(time_limit or budget["time_limit_seconds"])
    workers = int(getattr(settings, "TRUST_VALIDATION_WORKERS", DEFAULT_WORKERS))
    language = translation.get_language()

    plain = guard.run_with_deadline(
        _work,
        args=(
            data,
            trusted,
            chosen,
            str(document_name),
            language,
            int(budget["max_objects"]),
            int(budget["max_signatures"]),
        ),
        time_limit=seconds,
        workers=workers,
        queue_wait=min(5.0, seconds),
        memory_limit=int(budget["memory_limit_mb"]) * 1024 * 1024,
        stats=stats,
    )
    return ValidationReport.from_dict(plain)


def _work(data, trusted, policy, document_name, language, max_objects, max_signatures) -> dict:
    """One validation, run inside the budget (in a worker process): the report as plain data."""
    from trust.validation import engine

    with translation.override(language):
        report = engine.validate_document(
            data,
            trusted=trusted,
            policy=policy,
            document_name=document_name,
            max_objects=max_objects,
            max_signatures=max_signatures,
        )
        return report.to_dict()
