from io import BytesIO

import pytest
from asn1crypto import ocsp as asn1_ocsp
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

from audit.models import JournalEntry
from tests.trust.conftest import SECOND_PERSONAL_CODE, issue
from tests.trust.pdfcheck import dss_counts, embedded_context, validate_all
from trust.constants import CertificateKind
from trust.exceptions import CertificateNotUsable, PinChangeRequired, TrustError, WrongPin
from trust.models import Certificate
from trust.services import certificate_revoke, certificate_suspend, seal_pdf, sign_pdf


def signer_serial(status):
    return status.signing_cert.serial_number


def assert_good(status, certificate):
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.bottom_line
    assert signer_serial(status) == certificate.serial_number
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert status.timestamp_validity.signing_cert.subject.native["common_name"].endswith(
        Certificate.objects.get(kind=CertificateKind.TSA).common_name.split()[-1]
    )


def test_sign_b_lt_validates_offline_with_embedded_revocation_info(creds, pdf_bytes):
    signed = sign_pdf(
        pdf_bytes=pdf_bytes,
        credential=creds.credential,
        pin2=creds.pin2,
        actor="alice",
        reason="I agree",
        location="Tallinn",
    )
    assert signed.startswith(pdf_bytes)  # an incremental update: the original bytes are untouched
    signatures, timestamps = validate_all(signed)
    assert len(signatures) == 1 and timestamps == []
    assert_good(signatures[0], creds.signing_certificate)
    assert signatures[0].revocation_details is None
    _certs, ocsps, crls = dss_counts(signed)
    assert ocsps >= 1 and crls >= 1
    dss = DocumentSecurityStore.read_dss(PdfFileReader(BytesIO(signed)))
    embedded = [asn1_ocsp.OCSPResponse.load(ref.get_object().data) for ref in dss.ocsps]
    serials = {
        r["response_bytes"]["response"].parsed["tbs_response_data"]["responses"][0]["cert_id"]["serial_number"].native
        for r in embedded
    }
    assert creds.signing_certificate.serial_number in serials
    sig_dict = PdfFileReader(BytesIO(signed)).embedded_signatures[0].sig_object
    assert sig_dict["/SubFilter"] == pdf_name("/ETSI.CAdES.detached")
    assert sig_dict["/Reason"] == "I agree"
    assert JournalEntry.objects.filter(action="document_signed", subject_id=str(creds.credential.code)).count() == 1


def test_without_the_embedded_revocation_info_hard_fail_validation_fails(creds, pdf_bytes):
    """Control for the test above: it is the DSS that makes the signature validate offline."""
    signed = sign_pdf(pdf_bytes=pdf_bytes, credential=creds.credential, pin2=creds.pin2, actor="alice")
    reader = PdfFileReader(BytesIO(signed))
    context = embedded_context(PdfFileReader(BytesIO(pdf_bytes)))  # trust the root, but no DSS
    status = validate_pdf_signature(reader.embedded_signatures[0], context)
    assert status.intact and not status.bottom_line


def test_two_people_sign_in_turn_and_both_signatures_stay_valid(creds, pdf_bytes):
    second = issue(personal_code=SECOND_PERSONAL_CODE, given_name="Mari", surname="Maasikas")
    once = sign_pdf(pdf_bytes=pdf_bytes, credential=creds.credential, pin2=creds.pin2, actor="alice")
    twice = sign_pdf(pdf_bytes=once, credential=second.credential.code, pin2=second.pin2, actor="mari")
    assert twice.startswith(once)
    signatures, _ = validate_all(twice)
    assert [signer_serial(s) for s in signatures] == [
        creds.signing_certificate.serial_number,
        second.signing_certificate.serial_number,
    ]
    for status, certificate in zip(signatures, (creds.signing_certificate, second.signing_certificate), strict=True):
        assert_good(status, certificate)
    names = [s.field_name for s in PdfFileReader(BytesIO(twice)).embedded_signatures]
    assert len(set(names)) == 2


def test_seal_is_b_lta_with_a_document_timestamp(pki, pdf_bytes):
    sealed = seal_pdf(pdf_bytes, seal="business_register")
    signatures, timestamps = validate_all(sealed)
    seal_cert = Certificate.objects.get(kind=CertificateKind.SEAL, seal="business_register")
    assert len(signatures) == 1 and len(timestamps) == 1
    assert_good(signatures[0], seal_cert)
    assert timestamps[0].intact and timestamps[0].valid and timestamps[0].trusted
    subject = signatures[0].signing_cert.subject.native
    assert subject["organization_identifier"] == "NTREE-70000310"
    assert JournalEntry.objects.filter(action="document_sealed", subject_id=str(seal_cert.code)).exists()


def test_person_signature_then_agency_seal(creds, pdf_bytes):
    signed = sign_pdf(pdf_bytes=pdf_bytes, credential=creds.credential, pin2=creds.pin2, actor="alice")
    sealed = seal_pdf(signed, seal="identity_board")
    signatures, timestamps = validate_all(sealed)
    assert len(signatures) == 2 and len(timestamps) == 1
    assert all(s.bottom_line for s in signatures)


def test_refusals_leave_no_signature(creds, pdf_bytes):
    with pytest.raises(WrongPin):
        sign_pdf(
            pdf_bytes=pdf_bytes,
            credential=creds.credential,
            pin2="00000" if creds.pin2 != "00000" else "11111",
            actor="alice",
        )
    with pytest.raises(TrustError):
        sign_pdf(pdf_bytes=b"not a pdf", credential=creds.credential, pin2=creds.pin2, actor="alice")
    with pytest.raises(TrustError):
        sign_pdf(pdf_bytes=pdf_bytes, credential="not-a-code", pin2=creds.pin2, actor="alice")
    certificate_suspend(certificate=creds.signing_certificate, actor="ivan")
    with pytest.raises(CertificateNotUsable):
        sign_pdf(pdf_bytes=pdf_bytes, credential=creds.credential, pin2=creds.pin2, actor="alice")
    fresh = issue(personal_code=SECOND_PERSONAL_CODE, pin2_change_required=True)
    with pytest.raises(PinChangeRequired):
        sign_pdf(pdf_bytes=pdf_bytes, credential=fresh.credential, pin2=fresh.pin2, actor="x")
    assert not JournalEntry.objects.filter(action="document_signed").exists()


def test_a_revoked_seal_cannot_seal(pki, pdf_bytes):
    certificate_revoke(
        certificate=Certificate.objects.get(kind=CertificateKind.SEAL, seal="tax_board"),
        revocation_reason="cessation_of_operation",
        actor="ada",
    )
    with pytest.raises(CertificateNotUsable):
        seal_pdf(pdf_bytes, seal="tax_board")
    with pytest.raises(TrustError):
        seal_pdf(pdf_bytes, seal="no_such_agency")


def test_signing_a_weasyprint_pdf_a_document(creds):
    weasyprint = pytest.importorskip("weasyprint")
    html = "<html lang='en'><body><h1>Decision</h1><p>Approved – ÕÄÖÜ</p></body></html>"
    document = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")
    signed = sign_pdf(pdf_bytes=document, credential=creds.credential, pin2=creds.pin2, actor="alice")
    signatures, _ = validate_all(signed)
    assert_good(signatures[0], creds.signing_certificate)


def test_visible_signature_box_uses_an_embedded_truetype_font(creds, pdf_bytes):
    pytest.importorskip("uharfbuzz", reason="pyHanko's OpenType support (pyhanko[opentype]) is not installed")
    signed = sign_pdf(
        pdf_bytes=pdf_bytes, credential=creds.credential, pin2=creds.pin2, actor="alice", visible_box=(50, 50, 250, 110)
    )
    reader = PdfFileReader(BytesIO(signed))
    widget = reader.embedded_signatures[0].sig_field
    fonts = widget["/AP"]["/N"]["/Resources"]["/Font"]
    descendant = next(iter(fonts.values())).get_object()["/DescendantFonts"][0].get_object()
    assert "DejaVuSans" in str(descendant["/BaseFont"])
    assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # the TrueType program is embedded
    signatures, _ = validate_all(signed)
    assert signatures[0].bottom_line


def test_visible_box_without_opentype_support_is_a_clear_error(creds, pdf_bytes):
    import importlib.util

    if importlib.util.find_spec("uharfbuzz") is not None:
        pytest.skip("OpenType support installed")
    from trust.exceptions import VisibleSignatureUnavailable

    with pytest.raises(VisibleSignatureUnavailable):
        sign_pdf(pdf_bytes=pdf_bytes, credential=creds.credential, pin2=creds.pin2, actor="a", visible_box=(0, 0, 9, 9))


def test_reused_embedded_ocsp_response_is_never_older_than_the_time_stamp_and_a_revocation_replaces_it(
    creds, pdf_bytes
):
    """Signatures may share a recent OCSP response (RFC 5019 style), but never one produced
    before their time-stamp: a response aged within the old 30 s reuse window is replaced, so
    the signature passes the default policy (POLv4, SiVa's freshness rule), and a status
    change is never hidden."""
    from datetime import timedelta

    from django.utils import timezone

    from trust.services import ocsp as ocsp_module
    from trust.validation import PASSED, validate_pdf_bytes

    certificate = creds.signing_certificate
    fresh = ocsp_module.ocsp_response_for_certificate(certificate)
    assert ocsp_module.ocsp_response_for_certificate(certificate) == fresh  # reused
    # Age the cached response to just under the reuse limit, then sign with it.
    old = timezone.now() - ocsp_module.EMBEDDED_RESPONSE_REUSE + timedelta(seconds=2)
    aged = ocsp_module.ocsp_response_for_certificate(certificate, now=old)
    for key, (_produced, response) in list(ocsp_module._embedded.items()):
        if response == fresh:
            ocsp_module._embedded[key] = (old, aged)
    signed = sign_pdf(pdf_bytes=pdf_bytes, credential=creds.credential, pin2=creds.pin2, actor="t")
    dss = DocumentSecurityStore.read_dss(PdfFileReader(BytesIO(signed)))
    embedded = [bytes(ref.get_object().data) for ref in dss.ocsps]
    assert aged not in embedded
    report = validate_pdf_bytes(signed)  # POLv4
    assert report.verdict == PASSED, [s.reason for s in report.signatures]
    signature = report.signatures[0]
    assert signature.signature_level == "QESIG"
    assert signature.revocation.issued_at >= signature.timestamp.time.replace(microsecond=0)
    certificate_suspend(certificate=certificate, actor="t", reason="lost")
    after = ocsp_module.ocsp_response_for_certificate(certificate)
    assert after not in (fresh, aged)
    status = asn1_ocsp.OCSPResponse.load(after)["response_bytes"]["response"].parsed["tbs_response_data"]
    assert status["responses"][0]["cert_status"].name == "revoked"
