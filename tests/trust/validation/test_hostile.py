"""No upload can tie the service up: every step of a validation (parsing, validation, the
plain report) runs in a child process inside one time and memory budget whose limits are
settings, and the report that comes back is plain data. Each test bounds both the time and
the memory the hostile document took (``stats`` from the budget runner)."""

from __future__ import annotations

import pickle

import pytest

from tests.trust.validation import material
from trust.validation import DocumentTooComplex, ValidationRefused, ValidationTimedOut, engine, validate_pdf_bytes

MiB = 1024 * 1024


@pytest.fixture
def budget(settings):
    settings.TRUST_VALIDATION_TIME_LIMIT = 10
    settings.TRUST_VALIDATION_MEMORY_LIMIT_MB = 256
    return settings


def run(data, vtl, **kwargs):
    stats: dict = {}
    try:
        outcome = validate_pdf_bytes(data, trusted_list=vtl, stats=stats, **kwargs)
    except ValidationRefused as exc:
        outcome = exc
    return outcome, stats


def test_many_fields_sharing_one_value_are_one_signature(budget, vpki, vtl, pdfs):
    document = material.fields_sharing_one_value(pdfs["two_signed_lt"], 500)

    report, stats = run(document, vtl)

    assert stats["seconds"] < 10
    assert stats["peak_memory"] < 256 * MiB
    # DSS treats fields sharing one signature value as one signature.
    assert not isinstance(report, Exception), report
    assert report.signature_count == 2
    # The report is plain data: it pickles small, with no pyHanko object inside.
    blob = pickle.dumps(report)
    assert len(blob) < 200_000
    assert b"pyhanko" not in blob


def test_signature_count_is_capped(budget, settings, vpki, vtl, pdfs):
    settings.TRUST_VALIDATION_MAX_SIGNATURES = 1
    outcome, _stats = run(pdfs["two_signed_lt"], vtl)
    assert isinstance(outcome, DocumentTooComplex)
    assert "at most 1" in outcome.message


def test_compression_bomb_is_bounded(budget, vpki, vtl, pdfs):
    document = material.compression_bomb_after_signing(pdfs["two_signed_lt"], megabytes=300)
    assert len(document) < 2 * MiB

    outcome, stats = run(document, vtl)

    assert stats["seconds"] < 10
    assert stats["peak_memory"] < 256 * MiB
    if isinstance(outcome, Exception):
        assert isinstance(outcome, DocumentTooComplex)
    else:  # the content was never inflated: the signatures are judged on their own bytes
        assert outcome.signature_count == 2


def test_deep_nesting_is_bounded(budget, vtl):
    outcome, stats = run(material.deeply_nested_pdf(5000), vtl)
    assert isinstance(outcome, DocumentTooComplex)
    assert stats["seconds"] < 10
    assert stats["peak_memory"] < 256 * MiB


def test_memory_budget_stops_a_validation(budget, settings, monkeypatch, vtl, pdfs):
    settings.TRUST_VALIDATION_MEMORY_LIMIT_MB = 64

    def greedy(*args, **kwargs):
        hoard = []
        for _ in range(64):
            hoard.append(bytearray(16 * MiB))
        raise AssertionError("the memory limit was not applied")

    monkeypatch.setattr(engine, "validate_document", greedy)

    outcome, stats = run(pdfs["unsigned"], vtl)

    assert isinstance(outcome, DocumentTooComplex)
    assert "more memory" in outcome.message
    assert stats["peak_memory"] < 128 * MiB


def test_time_budget_covers_building_the_report(budget, settings, monkeypatch, vtl, pdfs):
    """The report is made plain inside the budget: a report that takes forever to convert is
    stopped like a slow validation."""
    from trust.validation.report import ValidationReport

    settings.TRUST_VALIDATION_TIME_LIMIT = 1

    def slow_to_dict(self):
        while True:
            pass

    monkeypatch.setattr(ValidationReport, "to_dict", slow_to_dict)

    outcome, stats = run(pdfs["unsigned"], vtl)

    assert isinstance(outcome, ValidationTimedOut)
    assert stats["seconds"] < 3
