"""Conformance with SiVa/DSS: one test per rule of issue 13, each on a document made with
the test PKI (tests/trust/validation/material.py), asserting the indication and
sub-indication SiVa's policy gives for the case (ETSI EN 319 102-1 vocabulary).

The trusted list of these tests is the TS 119 612 test list of the test PKI (its root as a
CA/QC service, its TSA as TSA/QTST), plus the services a rule needs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tests.trust.validation import material
from trust.validation import FAILED, INDETERMINATE, PASSED, CmsEnvelope, ProcessingFailed, engine, validate_pdf_bytes


def check(data: bytes, tl, **kwargs):
    return validate_pdf_bytes(data, trusted_list=tl, **kwargs)


def one(report):
    assert len(report.signatures) == 1
    return report.signatures[0]


def rules(sig) -> dict[str, str]:
    return {c.rule: c.status for c in sig.checks}


# --- document time-stamps -----------------------------------------------------------------


def test_document_timestamp_written_as_type_sig_is_a_timestamp(vpki, vtl, pdfs):
    """Older DSS wrote document time-stamps as /Type /Sig: recognised by SubFilter
    /ETSI.RFC3161, they prove time (B-LTA) instead of being an unverifiable signature."""
    document = material.add_document_timestamp(pdfs["two_signed_lt"], vpki, as_sig_type=True)
    assert b"/ETSI.RFC3161" in document and b"/DocTimeStamp" not in document[len(pdfs["two_signed_lt"]) :]

    report = check(document, vtl)

    assert report.signature_count == 2
    assert [t.verdict for t in report.timestamps] == [PASSED]
    assert {s.level for s in report.signatures} == {"B-LTA"}
    assert report.verdict == PASSED
    assert any("/Type /Sig" in w for w in report.timestamps[0].warnings)


# --- trusted services -----------------------------------------------------------------------


def test_expired_tsa_on_the_trusted_list_still_proves_time(vpki):
    """A TSA whose certificate has since expired: its time-stamp, made while it was valid
    and while the service was granted, is accepted (SiVa: TOTAL-PASSED)."""
    tsa = material.expired_tsa(vpki)
    signed = material.sign(
        material.blank_pdf(), vpki, "jaan", signing_time=material.PAST_SIGNING_TIME - 30 * material.DAY, tsa=tsa
    )
    document = material.add_dss(signed, vpki, certs=[tsa.asn1])
    listed = material.trusted_list(vpki, extra=[material.service("TSA", tsa)])

    sig = one(check(document, listed))
    assert (sig.verdict, sig.sub_indication) == (PASSED, ""), sig.reason
    assert sig.timestamp.status == "valid"

    # Not on the list, the same time-stamp proves nothing.
    unlisted = one(check(document, material.trusted_list(vpki)))
    assert unlisted.verdict == INDETERMINATE


def test_root_issued_ocsp_responder_on_the_trusted_list(vpki):
    """SK's OCSP responder is certified by the root, not by the signer's CA. On the trusted
    list as an OCSP service it answers for the signer (TOTAL-PASSED); off the list its
    answer is not accepted and the status at signing time is unknown (INDETERMINATE)."""
    responder = material.root_issued_responder(vpki)
    signed = material.sign(material.blank_pdf(), vpki, "jaan")
    der = material.ocsp_response(vpki, "jaan", responder=responder)
    document = material.add_dss(signed, vpki, crls=[vpki.crl(vpki.root)], ocsps=[der], certs=[responder.asn1])

    listed = material.trusted_list(vpki, extra=[material.service("OCSP", responder)])
    sig = one(check(document, listed))
    assert (sig.verdict, sig.sub_indication) == (PASSED, ""), sig.reason
    assert sig.revocation.source == "OCSP"
    assert sig.level == "B-LT"

    unlisted = one(check(document, material.trusted_list(vpki)))
    assert unlisted.verdict in (FAILED, INDETERMINATE)
    assert unlisted.verdict != PASSED


def test_withdrawn_tsa_service_proves_no_time(vpki, pdfs):
    """A TSA service whose status was withdrawn before the genTime proves nothing."""
    from trust.validation import trustlist as tl

    periods = (
        tl.StatusPeriod(tl.STATUS_GRANTED, material.NOW - 5 * 365 * material.DAY, material.NOW - 400 * material.DAY),
        tl.StatusPeriod(tl.STATUS_WITHDRAWN, material.NOW - 400 * material.DAY, None),
    )
    listed = tl.TrustedList([material.service("CA", vpki.root), material.service("TSA", vpki.tsa, periods=periods)])

    report = check(pdfs["multi_signed"], listed)

    assert report.timestamps[0].verdict == INDETERMINATE
    assert report.timestamps[0].sub_indication == "NO_POE"


# --- validation in the past -------------------------------------------------------------------


def test_expired_signer_with_timestamp_inside_its_validity_passes(vpki, vtl):
    signer = material.extra_signer(
        vpki, "lapsed", not_before=material.NOW - 400 * material.DAY, not_after=material.NOW - 5 * material.DAY
    )
    assert signer.cert.not_valid_after_utc < material.NOW
    document = material.add_dss(
        material.sign(material.blank_pdf(), vpki, "lapsed", signing_time=material.PAST_SIGNING_TIME), vpki
    )

    sig = one(check(document, vtl))

    assert (sig.verdict, sig.sub_indication) == (PASSED, ""), sig.reason
    assert sig.proven_signing_time == material.PAST_SIGNING_TIME


def test_signer_expired_before_the_timestamp_fails(vtl, pdfs):
    sig = one(check(pdfs["expired"], vtl))
    assert (sig.verdict, sig.sub_indication) == (FAILED, "EXPIRED")


@pytest.mark.parametrize(
    ("days", "verdict", "sub"),
    [(2, PASSED, ""), (-2, INDETERMINATE, "REVOKED_NO_POE")],
    ids=["revoked-after-timestamp", "revoked-before-timestamp"],
)
def test_revoked_signer_before_and_after_the_timestamp(vpki, vtl, days, verdict, sub):
    when = material.PAST_SIGNING_TIME + timedelta(days=days)
    signed = material.sign(material.blank_pdf(), vpki, "mari", signing_time=material.PAST_SIGNING_TIME)
    der = material.ocsp_response(vpki, "mari", revoked_at=when)
    document = material.add_dss(signed, vpki, crls=[vpki.crl(vpki.root)], ocsps=[der])

    sig = one(check(document, vtl))

    assert (sig.verdict, sig.sub_indication) == (verdict, sub), sig.reason
    assert sig.revocation.revoked_at == when


def test_ocsp_produced_before_the_timestamp_is_not_fresh(vpki, vtl):
    """SiVa: revocation data must be issued after the signature's time-stamp; an OCSP
    response produced before it gives INDETERMINATE/TRY_LATER."""
    later = material.NOW + timedelta(hours=1)  # the time-stamp's genTime, after the OCSP response
    signed = material.sign(material.blank_pdf(), vpki, "jaan", signing_time=later)
    der = material.ocsp_response(vpki, "jaan")
    document = material.add_dss(signed, vpki, crls=[vpki.crl(vpki.root)], ocsps=[der])

    sig = one(check(document, vtl))

    assert (sig.verdict, sig.sub_indication) == (INDETERMINATE, "TRY_LATER"), sig.reason
    assert rules(sig)["revocation_freshness"] == INDETERMINATE


def test_ocsp_produced_long_after_the_timestamp_is_a_warning(vpki, vtl):
    """SiVa: an OCSP response produced more than 15 minutes after the time-stamp passes with
    a freshness warning."""
    signed = material.sign(material.blank_pdf(), vpki, "jaan", signing_time=material.NOW - timedelta(hours=2))
    der = material.ocsp_response(vpki, "jaan")
    document = material.add_dss(signed, vpki, crls=[vpki.crl(vpki.root)], ocsps=[der])

    sig = one(check(document, vtl))

    assert sig.verdict == PASSED, sig.reason
    assert any("not fresh" in w for w in sig.warnings)


# --- cryptographic constraints -----------------------------------------------------------------


def test_sha1_with_rsa_1024_is_accepted_with_a_warning(vpki, vtl):
    """SiVa's policies still accept SHA-1 and RSA keys of 1024 bits (old ID cards)."""
    material.extra_signer(vpki, "old_card", key=rsa.generate_private_key(public_exponent=65537, key_size=1024))
    signed = material.sign(material.blank_pdf(), vpki, "old_card", md_algorithm="sha1")
    document = material.add_dss(signed, vpki)

    for policy in ("POLv3", "POLv4"):
        sig = one(check(document, vtl, policy=policy))
        assert (sig.verdict, sig.sub_indication) == (PASSED, ""), sig.reason
        assert sig.digest_algorithm == "sha1"
        assert any("weak digest algorithm sha1" in w for w in sig.warnings)


def test_elliptic_curve_key_below_256_bits_fails_the_crypto_constraints(vpki, vtl):
    material.extra_signer(vpki, "p192", key=ec.generate_private_key(ec.SECP192R1()))
    document = material.add_dss(material.sign(material.blank_pdf(), vpki, "p192"), vpki)

    sig = one(check(document, vtl))

    assert sig.verdict == INDETERMINATE
    assert sig.sub_indication == "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
    assert "at least 256" in sig.reason


def test_negative_rsa_modulus_is_read_as_unsigned(vpki, vtl):
    """Some Estonian ID cards encode the RSA modulus as a negative INTEGER; read as unsigned
    (as BouncyCastle does), the signature validates instead of being "malformed"."""
    issued = material.negative_modulus_signer(vpki)
    assert issued.asn1.public_key["public_key"].parsed["modulus"].native < 0
    document = material.add_dss(material.sign(material.blank_pdf(), vpki, "negative"), vpki)

    sig = one(check(document, vtl))

    assert (sig.verdict, sig.sub_indication) == (PASSED, ""), sig.reason
    assert sig.signer.surname == "NEGATIVE"


def test_signer_without_non_repudiation_fails_the_key_usage_rule(vpki, vtl):
    material.extra_signer(vpki, "auth_only", signing=False)
    document = material.add_dss(material.sign(material.blank_pdf(), vpki, "auth_only"), vpki)

    sig = one(check(document, vtl))

    assert (sig.verdict, sig.sub_indication) == (INDETERMINATE, "CHAIN_CONSTRAINTS_FAILURE")
    assert "nonRepudiation" in sig.reason


# --- levels and policies ------------------------------------------------------------------------


def test_b_level_fails_the_default_policy(vtl, pdfs, settings):
    assert settings.TRUST_VALIDATION_DEFAULT_POLICY == "POLv4"
    sig = one(check(pdfs["b_b"], vtl))
    assert (sig.verdict, sig.sub_indication) == (FAILED, "FORMAT_FAILURE")
    assert check(pdfs["b_b"], vtl).policy == "POLv4"


def test_qualified_only_policy_refuses_a_non_qualified_signature(vpki, pdfs):
    """Under a CA/PKC (not qualified) service the signature is AdES: POLv3 passes it,
    POLv4 (qualified only, the default) fails it."""
    from trust.validation import trustlist as tl

    plain = tl.TrustedList([material.service("CA", vpki.root, qualified=False), material.service("TSA", vpki.tsa)])

    any_level = check(pdfs["two_signed_lt"], plain, policy="POLv3").signatures[0]
    qualified_only = check(pdfs["two_signed_lt"], plain, policy="POLv4").signatures[0]

    assert (any_level.verdict, any_level.signature_level) == (PASSED, "ADESIG")
    assert qualified_only.verdict == FAILED
    assert "does not meet the minimal level" in qualified_only.reason
    assert one(check(pdfs["b_t_no_revinfo"], plain, policy="POLv3")).sub_indication == "FORMAT_FAILURE"


def test_qualified_seal_and_signature_levels(vtl, pdfs):
    mari, seal = check(pdfs["two_signed_lt"], vtl).signatures
    assert (mari.signature_level, seal.signature_level) == ("QESIG", "QESEAL")
    assert mari.verdict == seal.verdict == PASSED


# --- changes after signing ---------------------------------------------------------------------


def test_changes_that_add_signatures_and_timestamps_never_fail(vtl, pdfs):
    report = check(pdfs["multi_signed"], vtl)
    assert [s.verdict for s in report.signatures] == [PASSED, PASSED]
    assert not any("changed after signing" in w for s in report.signatures for w in s.warnings)


def test_other_changes_are_a_warning_naming_them(vpki, vtl, pdfs):
    """An annotation added after signing: the signature stays valid, the change is reported."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdfs["two_signed_lt"]), strict=False)
    page = writer.root["/Pages"]["/Kids"][0]
    annot = writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
                generic.pdf_name("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (10, 10, 50, 50)]),
                generic.pdf_name("/Contents"): generic.TextStringObject("Added later"),
            }
        )
    )
    page_obj = page.get_object()
    page_obj[generic.pdf_name("/Annots")] = generic.ArrayObject([annot])
    writer.update_container(page_obj)
    out = io.BytesIO()
    writer.write(out)

    report = check(out.getvalue(), vtl)

    for sig in report.signatures:
        assert sig.verdict == PASSED, sig.reason
        assert sig.modifications in ("annotations", "other", "suspicious")
        assert sig.modifications_text in sig.warnings


def test_signed_content_changed_fails_with_hash_failure(vtl, pdfs):
    data = pdfs["two_signed_lt"]
    tampered = data.replace(b"Founding resolution", b"Founding resolutioN", 1)

    sig = check(tampered, vtl).signatures[0]

    assert (sig.verdict, sig.sub_indication) == (FAILED, "HASH_FAILURE")


# --- honest refusals -------------------------------------------------------------------------------


def test_cms_envelope_around_a_pdf_is_named_as_such(vpki, pdfs):
    from pyhanko.sign import signers

    signer = vpki.signer("mari")
    import asyncio

    envelope = asyncio.run(signer.async_sign_general_data(pdfs["unsigned"], "sha256", detached=False)).dump()

    with pytest.raises(CmsEnvelope) as info:
        validate_pdf_bytes(envelope, trusted_list=material.trusted_list(vpki))
    assert "CMS (PKCS#7) signed envelope" in info.value.message
    assert "with a PDF inside" in info.value.message
    assert not isinstance(info.value, type(signers))


def test_internal_error_is_not_reported_as_damage(monkeypatch, vtl, pdfs):
    def broken(*args, **kwargs):
        raise KeyError("a bug in the validator")

    monkeypatch.setattr(engine, "_validate_all", broken)

    with pytest.raises(ProcessingFailed) as info:
        check(pdfs["multi_signed"], vtl)
    assert "error in the validator" in info.value.message
    assert "damaged" not in info.value.message


# --- reports -----------------------------------------------------------------------------------------


def test_simple_and_detailed_reports_in_sivas_vocabulary(vtl, pdfs):
    report = check(pdfs["multi_signed"], vtl, policy="POLv3")

    simple = report.siva()["validationReport"]
    conclusion = simple["validationConclusion"]
    assert conclusion["policy"]["policyName"] == "POLv3"
    assert conclusion["policy"]["policyUrl"].endswith("#POLv3")
    assert conclusion["signaturesCount"] == conclusion["validSignaturesCount"] == 2
    first = conclusion["signatures"][0]
    assert first["indication"] == "TOTAL-PASSED"
    assert first["signatureFormat"] == "PAdES_BASELINE_LTA"
    assert first["signatureLevel"] == "QESIG"
    assert first["info"]["bestSignatureTime"].endswith("Z")
    assert "validationProcess" not in simple

    detailed = report.siva(detailed=True)["validationReport"]
    checks = detailed["validationProcess"]["signatures"][0]["checks"]
    assert [c["rule"] for c in checks][:3] == ["format", "integrity", "crypto_constraints"]
    assert all(c["status"] == "TOTAL-PASSED" for c in checks)
