"""The verdicts the issue requires, each on a document built with the test PKI, validated
through the product entry point ``validate_pdf_bytes`` with the test root as the anchor."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests.trust.validation import material
from trust.validation import FAILED, INDETERMINATE, PASSED, ValidationReport, engine, trustlist, validate_pdf_bytes


@pytest.fixture
def check(vtl):
    def run(data: bytes, **kwargs) -> ValidationReport:
        return validate_pdf_bytes(data, trusted_list=vtl, **kwargs)

    return run


def test_untouched_multi_signed_pdf_passes(check, pdfs):
    report = check(pdfs["multi_signed"])

    assert report.verdict == PASSED
    assert [s.verdict for s in report.signatures] == [PASSED, PASSED]
    assert [t.verdict for t in report.timestamps] == [PASSED]
    mari, seal = report.signatures
    assert mari.signer.name == "Mari Maasikas"
    assert (mari.signer.personal_code, mari.signer.personal_code_country) == ("48001010002", "EE")
    assert seal.signer.registry_code == "12345678"
    assert seal.signer.name == "Example Holding OÜ"
    assert seal.signer.is_organisation and not mari.signer.is_organisation
    assert mari.level == seal.level == "B-LTA"
    assert mari.intact and mari.trusted
    assert mari.revocation.status == "good"
    assert mari.timestamp.status == "valid"
    assert mari.proven_signing_time is not None
    # The first signature covers its own revision; the second signature was added after it.
    assert mari.coverage == "entire_revision"
    assert mari.modifications == "form_filling"
    assert mari.changed_fields == ["Signature-seal"]
    assert seal.modifications == "lta_updates"
    assert [c.is_trust_anchor for c in mari.chain] == [True, False, False]
    assert report.valid_signature_count == report.signature_count == 2


def test_one_byte_changed_fails(check, pdfs):
    data = pdfs["multi_signed"]
    at = data.index(b"Founding resolution") + 3
    tampered = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    assert len(tampered) == len(data) and sum(a != b for a, b in zip(tampered, data, strict=True)) == 1

    report = check(tampered)

    assert report.verdict == FAILED
    assert all(s.verdict == FAILED for s in report.signatures)
    assert {s.sub_indication for s in report.signatures} == {"HASH_FAILURE"}
    assert not report.signatures[0].intact
    assert "changed after signing" in report.signatures[0].reason


def test_revoked_after_timestamped_signature_passes(check, pdfs, vpki):
    report = check(pdfs["revoked_after"])

    sig = report.signatures[0]
    assert sig.verdict == PASSED, sig.reason
    assert sig.revocation.status == "revoked"
    assert sig.revocation.revoked_at == vpki.revocations[vpki.signers["revoked_after"].cert.serial_number]
    assert sig.revocation.revoked_at > sig.proven_signing_time
    assert sig.proven_signing_time == material.PAST_SIGNING_TIME
    assert "after the time-stamped signing time" in sig.revocation.text
    assert any("after the time-stamped signing time" in w for w in sig.warnings)


def test_revoked_before_proven_signing_time_is_revoked_no_poe(check, pdfs):
    """EN 319 102-1 past signature validation: nothing proves the signature existed before
    the revocation, so INDETERMINATE/REVOKED_NO_POE (as DSS and SiVa report it)."""
    report = check(pdfs["revoked_before"])

    sig = report.signatures[0]
    assert report.verdict == INDETERMINATE
    assert (sig.verdict, sig.sub_indication) == (INDETERMINATE, "REVOKED_NO_POE")
    assert sig.revocation.revoked_at < sig.proven_signing_time
    assert "before the time-stamped signing time" in sig.reason
    assert [c.rule for c in sig.checks][-1] == "revocation"


def test_revoked_before_fails_even_if_pyhanko_trusts_the_chain(check, pdfs, monkeypatch):
    """The engine compares the revocation time with the time-stamp's genTime itself: even a
    pyHanko result that calls the signer trusted must not turn a revoked-before signature
    into a pass."""
    real = engine.async_validate_pdf_signature

    async def optimistic(*args, **kwargs):
        status = await real(*args, **kwargs)
        return dataclasses.replace(status, trust_problem_indic=None, revocation_details=None)

    monkeypatch.setattr(engine, "async_validate_pdf_signature", optimistic)

    sig = check(pdfs["revoked_before"]).signatures[0]

    assert (sig.verdict, sig.sub_indication) == (INDETERMINATE, "REVOKED_NO_POE")


def test_revoked_without_timestamp_fails_the_format_first(check, pdfs):
    """A B-B signature fails the policy's format rule before revocation is looked at."""
    sig = check(pdfs["revoked_no_timestamp"]).signatures[0]

    assert (sig.verdict, sig.sub_indication) == (FAILED, "FORMAT_FAILURE")
    assert sig.level == "B-B"


def test_expired_at_signing_time_fails(check, pdfs, vpki):
    sig = check(pdfs["expired"]).signatures[0]

    assert sig.verdict == FAILED
    assert sig.sub_indication == "EXPIRED"
    assert sig.certificate.not_after < sig.proven_signing_time
    assert "expired" in sig.reason


def test_unknown_ca_is_indeterminate_with_reason(check, pdfs, vpki):
    document = material.add_dss(
        material.sign(material.blank_pdf(), vpki, "stranger"), vpki, crls=[vpki.crl(vpki.other_root)]
    )
    report = check(document)

    sig = report.signatures[0]
    assert report.verdict == INDETERMINATE
    assert sig.verdict == INDETERMINATE
    assert sig.sub_indication == "NO_CERTIFICATE_CHAIN_FOUND"
    assert "Unknown Root CA" in sig.reason
    assert not sig.trusted


def test_b_b_signature_fails_the_default_policy(check, pdfs):
    sig = check(pdfs["b_b"]).signatures[0]

    assert sig.level == "B-B"
    assert sig.timestamp is None
    assert sig.proven_signing_time is None
    assert sig.claimed_signing_time is not None
    assert any("no time-stamp" in w for w in sig.warnings)
    assert (sig.verdict, sig.sub_indication) == (FAILED, "FORMAT_FAILURE")
    assert "accepts only B-LT, B-LTA" in sig.reason


def test_b_t_without_revocation_data_fails_the_format(check, pdfs):
    sig = check(pdfs["b_t_no_revinfo"]).signatures[0]

    assert sig.level == "B-T"
    assert sig.coverage == "entire_file"
    assert sig.modifications == "none"
    assert sig.revocation.status == "none"
    assert (sig.verdict, sig.sub_indication) == (FAILED, "FORMAT_FAILURE")


def test_levels_b_lt_and_b_lta(check, pdfs):
    assert {s.level for s in check(pdfs["two_signed_lt"]).signatures} == {"B-LT"}
    assert {s.level for s in check(pdfs["multi_signed"]).signatures} == {"B-LTA"}


def test_pkcs7_signature_is_named_as_such(check, pdfs):
    sig = check(pdfs["pkcs7"]).signatures[0]

    assert sig.signature_format == "PKCS#7"
    assert sig.verdict == PASSED
    assert any("PKCS#7" in w for w in sig.warnings)


def test_untrusted_root_when_no_anchor_is_given(pdfs):
    report = validate_pdf_bytes(pdfs["multi_signed"], trusted_list=trustlist.TrustedList())

    assert report.verdict == INDETERMINATE
    assert {s.sub_indication for s in report.signatures} == {"NO_CERTIFICATE_CHAIN_FOUND"}
    assert report.timestamps[0].verdict == INDETERMINATE


def test_unsigned_pdf_has_no_signatures(check, pdfs):
    report = check(pdfs["unsigned"])

    assert report.signatures == []
    assert report.verdict == INDETERMINATE
    assert report.reason == "The document contains no signatures."


def test_report_round_trips_through_json(check, pdfs):
    report = check(pdfs["multi_signed"], document_name="contract.pdf")
    data = json.loads(json.dumps(report.to_dict()))

    again = ValidationReport.from_dict(data)

    assert again == report
    assert data["document_name"] == "contract.pdf"
    assert data["signature_count"] == 2
    assert data["signatures"][0]["timestamp"]["time"].endswith("+00:00")


def test_document_timestamp_proves_the_time_of_an_untimestamped_signature(check, pdfs, vpki):
    document = material.add_document_timestamp(pdfs["b_b"], vpki)

    report = check(document)

    sig = report.signatures[0]
    assert sig.verdict == PASSED
    assert sig.timestamp.status == "valid"
    assert sig.proven_signing_time == report.timestamps[0].time
    assert "document time-stamp" in sig.timestamp.text
    assert sig.level == "B-LTA"
    assert not any("no time-stamp" in w for w in sig.warnings)


def test_signature_after_a_no_changes_certification_is_a_warning(check, vpki):
    """Changes after signing fail a signature only when the signed bytes changed; a
    certification that forbade them is reported as a warning (as DSS's default policy does)."""
    certified = material.sign(material.blank_pdf(), vpki, "seal", certify_no_changes=True)
    document = material.add_dss(material.sign(certified, vpki, "mari", ignore_docmdp=True), vpki)

    report = check(document)

    seal, mari = report.signatures
    assert mari.verdict == PASSED
    assert seal.modifications == "form_filling"
    assert seal.changed_fields == ["Signature-mari"]
    assert seal.verdict == PASSED
    assert any("certified against such changes" in w for w in seal.warnings)
