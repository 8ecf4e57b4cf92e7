"""Files that are not valid signed PDFs get a clear refusal (never a crash), and a
validation that runs too long is stopped."""

from __future__ import annotations

import os
import threading
import time

import pytest

from tests.trust.validation import material
from trust.validation import (
    DamagedDocument,
    DocumentTooComplex,
    DocumentTooLarge,
    EncryptedDocument,
    NoDocument,
    NotAPdf,
    ServiceBusy,
    TruncatedDocument,
    ValidationTimedOut,
    engine,
    guard,
    validate_pdf_bytes,
)


def refused(data: bytes, error: type, vpki=None) -> str:
    with pytest.raises(error) as info:
        validate_pdf_bytes(data, anchors=vpki.anchors if vpki else [])
    message = info.value.message
    assert message and "Traceback" not in message
    return message


def test_not_a_pdf():
    assert "not a PDF" in refused(b"PK\x03\x04 this is a zip archive" * 10, NotAPdf)


def test_empty_file():
    refused(b"", NoDocument)


def test_encrypted_pdf():
    assert "encrypted" in refused(material.encrypted_pdf(), EncryptedDocument)


def test_truncated_pdf(pdfs):
    data = pdfs["multi_signed"]
    assert "incomplete" in refused(data[: len(data) // 2], TruncatedDocument)


def test_garbage_after_header_is_damaged():
    assert "damaged" in refused(b"%PDF-1.7\n" + b"\x00garbage " * 200 + b"%%EOF\n", DamagedDocument)


def test_oversized_pdf(settings, pdfs):
    settings.TRUST_VALIDATION_MAX_BYTES = 2048
    message = refused(pdfs["multi_signed"], DocumentTooLarge)
    assert "2.0" in message and "KB" in message


def test_five_thousand_objects_are_processed_within_the_default_limit():
    report = validate_pdf_bytes(material.many_objects_pdf(5000), anchors=[])
    assert report.signatures == []
    assert report.reason == "The document contains no signatures."


def test_too_many_objects_are_refused(settings):
    settings.TRUST_VALIDATION_MAX_OBJECTS = 1000
    message = refused(material.many_objects_pdf(5000), DocumentTooComplex)
    assert "at most 1000" in message


def test_deeply_nested_structure_is_refused():
    assert "nested too deeply" in refused(material.deeply_nested_pdf(2000), DocumentTooComplex)


def test_damaged_signature_is_reported_not_fatal(vpki, pdfs):
    data = pdfs["b_t_no_revinfo"]
    start = data.index(b"/Contents <") + len(b"/Contents <")
    broken = data[:start] + b"0" * 64 + data[start + 64 :]

    report = validate_pdf_bytes(broken, anchors=vpki.anchors)

    assert report.verdict == "TOTAL-FAILED"
    assert report.signatures[0].sub_indication == "FORMAT_FAILURE"


# --- the deadline ---------------------------------------------------------------------------


def _spin(*args, **kwargs):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # pure-Python busy loop, like a pathological parse
        pass
    raise AssertionError("the worker was not stopped")


def test_validation_is_stopped_at_the_time_limit(monkeypatch, pdfs):
    monkeypatch.setattr(engine, "validate_document", _spin)
    started = time.monotonic()

    with pytest.raises(ValidationTimedOut) as info:
        validate_pdf_bytes(pdfs["unsigned"], anchors=[], time_limit=0.3)

    assert time.monotonic() - started < 3
    assert "time limit of 0.3 s" in info.value.message
    # The worker was killed, not left running in the background: no thread, no child process.
    assert not [t for t in threading.enumerate() if t.name == "pdf-validation"]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_time_limit_comes_from_settings(monkeypatch, settings, pdfs):
    settings.TRUST_VALIDATION_TIME_LIMIT = 1
    monkeypatch.setattr(engine, "validate_document", _spin)
    with pytest.raises(ValidationTimedOut) as info:
        validate_pdf_bytes(pdfs["unsigned"], anchors=[])
    assert info.value.seconds == 1


def test_busy_when_every_worker_is_taken():
    slots = guard._semaphore(1)
    assert slots.acquire(timeout=1)
    try:
        with pytest.raises(ServiceBusy):
            guard.run_with_deadline(lambda: 1, time_limit=1, workers=1, queue_wait=0.05)
    finally:
        slots.release()
    assert guard.run_with_deadline(lambda: 42, time_limit=5, workers=1, queue_wait=1) == 42


def test_errors_inside_the_worker_reach_the_caller():
    def boom():
        raise NotAPdf()

    with pytest.raises(NotAPdf):
        guard.run_with_deadline(boom, time_limit=1, workers=2, queue_wait=1)
