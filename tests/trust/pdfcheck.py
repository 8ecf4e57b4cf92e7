"""Validate signed PDFs with pyHanko's own validator, offline, trusting only our root."""

from __future__ import annotations

from io import BytesIO

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext

from trust.selectors import root_certificates


def _root():
    return [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in root_certificates()]


def embedded_context(reader: PdfFileReader) -> ValidationContext:
    """Trust our root; revocation info ONLY from the document's DSS; hard-fail; no fetching."""
    kwargs = {"trust_roots": _root(), "allow_fetching": False, "revocation_mode": "hard-fail"}
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return ValidationContext(crls=[], ocsps=[], **kwargs)
    return dss.as_validation_context(kwargs)


def validate_all(pdf: bytes):
    """(signature statuses, document-timestamp statuses) in document order."""
    reader = PdfFileReader(BytesIO(pdf))
    signatures, timestamps = [], []
    for embedded in reader.embedded_signatures:
        if embedded.sig_object_type == "/DocTimeStamp":
            timestamps.append(validate_pdf_timestamp(embedded, validation_context=embedded_context(reader)))
        else:
            signatures.append(validate_pdf_signature(embedded, embedded_context(reader)))
    return signatures, timestamps


def dss_counts(pdf: bytes) -> tuple[int, int, int]:
    dss = DocumentSecurityStore.read_dss(PdfFileReader(BytesIO(pdf)))
    return len(dss.certs), len(dss.ocsps), len(dss.crls)
