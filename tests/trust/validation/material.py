"""Test material for the validation service: a small PKI built with `cryptography` and PDFs
signed with pyHanko (B-B, B-T, B-LT, B-LTA), with embedded CRLs that list certificates as
revoked before or after the signing time.

Everything here is built in memory from scratch; nothing is read from disk or the network.
EC P-256 keys keep generation fast; the time-stamping authority uses RSA because pyHanko's
DummyTimeStamper signs with RSA only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator.registry import SimpleCertificateStore

NOW = datetime.now(UTC).replace(microsecond=0)
DAY = timedelta(days=1)
# The moment the "past" test signatures were made and time-stamped.
PAST_SIGNING_TIME = NOW - 10 * DAY


def _name(cn: str, **extra: str) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, extra.pop("country", "EE"))]
    if "organization" in extra:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, extra.pop("organization")))
    if "organization_identifier" in extra:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, extra.pop("organization_identifier")))
    if "surname" in extra:
        attrs.append(x509.NameAttribute(NameOID.SURNAME, extra.pop("surname")))
    if "given_name" in extra:
        attrs.append(x509.NameAttribute(NameOID.GIVEN_NAME, extra.pop("given_name")))
    if "serial_number" in extra:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, extra.pop("serial_number")))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    assert not extra, extra
    return x509.Name(attrs)


@dataclass
class Issued:
    cert: x509.Certificate
    key: object  # a cryptography private key

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))

    @property
    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(
            self.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )


def _issue(
    subject: x509.Name,
    *,
    issuer: Issued | None,
    key=None,
    ca: bool = False,
    not_before: datetime,
    not_after: datetime,
    eku: list | None = None,
    eku_critical: bool = False,
    signing: bool = False,
) -> Issued:
    key = key or ec.generate_private_key(ec.SECP256R1())
    issuer_name = issuer.cert.subject if issuer else subject
    issuer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    if ca:
        usage = {"key_cert_sign": True, "crl_sign": True}
    elif signing:
        usage = {"digital_signature": True, "content_commitment": True}
    else:
        usage = {"digital_signature": True}
    flags = {
        "digital_signature": False,
        "content_commitment": False,
        "key_encipherment": False,
        "data_encipherment": False,
        "key_agreement": False,
        "key_cert_sign": False,
        "crl_sign": False,
        "encipher_only": False,
        "decipher_only": False,
    }
    flags.update(usage)
    builder = builder.add_extension(x509.KeyUsage(**flags), critical=True)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=eku_critical)
    cert = builder.sign(issuer_key, hashes.SHA256())
    return Issued(cert=cert, key=key)


@dataclass
class TestPKI:
    root: Issued
    ca: Issued
    tsa: Issued
    signers: dict[str, Issued] = field(default_factory=dict)
    other_root: Issued | None = None
    # serial -> revocation time, for the issuing CA's CRL
    revocations: dict[int, datetime] = field(default_factory=dict)

    @property
    def anchors(self) -> list[x509.Certificate]:
        return [self.root.cert]

    def crl(self, issuer: Issued, *, revoked: dict[int, datetime] | None = None, this_update=None) -> bytes:
        this_update = this_update or NOW - timedelta(hours=1)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.cert.subject)
            .last_update(this_update)
            .next_update(this_update + 30 * DAY)
            .add_extension(x509.CRLNumber(int(this_update.timestamp())), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
        )
        for serial, when in (revoked or {}).items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(when)
                .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
                .build()
            )
        return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def crls(self) -> list[bytes]:
        """The CRLs a relying party would hold now: the root's (for the issuing CA) and the issuing CA's."""
        return [self.crl(self.root), self.crl(self.ca, revoked=self.revocations)]

    def signer(self, name: str) -> signers.SimpleSigner:
        issued = self.signers[name]
        chain = [self.ca.asn1, self.root.asn1]
        if name == "stranger":
            chain = [self.other_root.asn1]
        return signers.SimpleSigner(
            signing_cert=issued.asn1,
            signing_key=issued.asn1_key,
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )

    def timestamper(self, fixed_dt: datetime | None = None, tsa: Issued | None = None) -> DummyTimeStamper:
        tsa = tsa or self.tsa
        return DummyTimeStamper(
            tsa_cert=tsa.asn1,
            tsa_key=tsa.asn1_key,
            certs_to_embed=SimpleCertificateStore.from_certs([self.ca.asn1, self.root.asn1]),
            fixed_dt=fixed_dt,
        )


def build_pki() -> TestPKI:
    root = _issue(
        _name("Test Root CA 2025", organization="Test Trust Services"),
        issuer=None,
        ca=True,
        not_before=NOW - 5 * 365 * DAY,
        not_after=NOW + 10 * 365 * DAY,
    )
    ca = _issue(
        _name("Test Issuing CA 2025", organization="Test Trust Services"),
        issuer=root,
        ca=True,
        not_before=NOW - 4 * 365 * DAY,
        not_after=NOW + 5 * 365 * DAY,
    )
    tsa = _issue(
        _name("Test TSA 2025", organization="Test Trust Services"),
        issuer=ca,
        key=rsa.generate_private_key(public_exponent=65537, key_size=2048),
        not_before=NOW - 2 * 365 * DAY,
        not_after=NOW + 2 * 365 * DAY,
        eku=[ExtendedKeyUsageOID.TIME_STAMPING],
        eku_critical=True,
    )
    pki = TestPKI(root=root, ca=ca, tsa=tsa)

    def person(cn_given: str, cn_surname: str, code: str, **kw) -> Issued:
        return _issue(
            _name(
                f"{cn_surname.upper()},{cn_given.upper()},{code}",
                given_name=cn_given.upper(),
                surname=cn_surname.upper(),
                serial_number=f"PNOEE-{code}",
            ),
            issuer=kw.pop("issuer", ca),
            signing=True,
            not_before=kw.pop("not_before", NOW - 365 * DAY),
            not_after=kw.pop("not_after", NOW + 2 * 365 * DAY),
        )

    pki.signers["mari"] = person("Mari", "Maasikas", "48001010002")
    pki.signers["jaan"] = person("Jaan", "Tamm", "38001085718")
    pki.signers["seal"] = _issue(
        _name(
            "Example Holding OÜ e-seal",
            organization="Example Holding OÜ",
            organization_identifier="NTREE-12345678",
        ),
        issuer=ca,
        signing=True,
        not_before=NOW - 365 * DAY,
        not_after=NOW + 2 * 365 * DAY,
    )
    pki.signers["revoked_after"] = person("Peeter", "Parem", "38505050004")
    pki.signers["revoked_before"] = person("Kati", "Karu", "49002020006")
    pki.signers["expired"] = person("Ants", "Vana", "37001010008", not_before=NOW - 800 * DAY, not_after=NOW - 30 * DAY)
    pki.other_root = _issue(
        _name("Unknown Root CA", organization="Nobody Trusts Me"),
        issuer=None,
        ca=True,
        not_before=NOW - 365 * DAY,
        not_after=NOW + 365 * DAY,
    )
    pki.signers["stranger"] = person("Voora", "Isik", "38912120001", issuer=pki.other_root)
    pki.revocations = {
        pki.signers["revoked_after"].cert.serial_number: PAST_SIGNING_TIME + 2 * DAY,
        pki.signers["revoked_before"].cert.serial_number: PAST_SIGNING_TIME - 2 * DAY,
    }
    return pki


# --- PDFs ------------------------------------------------------------------------------


def blank_pdf(text: str = "Founding resolution of Example Holding") -> bytes:
    writer = PdfFileWriter()
    font = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Font"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
            generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name("/F1"): writer.add_object(font)})}
    )
    content = generic.StreamObject(stream_data=f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    page = PageObject(contents=writer.add_object(content), media_box=[0, 0, 595, 842], resources=resources)
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _DatedPdfSigner(signers.PdfSigner):
    """A PdfSigner whose signingTime attribute is a chosen moment (for back-dated test
    material), and which can sign over a certification that forbids it (for the test of
    that violation)."""

    def __init__(self, *args, signing_time: datetime | None = None, ignore_docmdp: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time
        self._ignore_docmdp = ignore_docmdp

    def _enforce_certification_constraints(self, reader):
        if not self._ignore_docmdp:
            super()._enforce_certification_constraints(reader)

    def init_signing_session(self, *args, **kwargs):
        session = super().init_signing_session(*args, **kwargs)
        if self._signing_time is not None:
            session.system_time = self._signing_time
        return session


def sign(
    pdf: bytes,
    pki: TestPKI,
    who: str,
    *,
    field_name: str | None = None,
    timestamp: bool = True,
    signing_time: datetime | None = None,
    subfilter: SigSeedSubFilter = SigSeedSubFilter.PADES,
    certify_no_changes: bool = False,
    ignore_docmdp: bool = False,
    md_algorithm: str = "sha256",
    tsa: Issued | None = None,
) -> bytes:
    """Add one signature (B-B, or B-T with a signature timestamp) as an incremental update;
    ``certify_no_changes`` makes it a certification signature that permits no later change."""
    meta = signers.PdfSignatureMetadata(
        field_name=field_name or f"Signature-{who}",
        subfilter=subfilter,
        md_algorithm=md_algorithm,
        certify=certify_no_changes,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    pdf_signer = _DatedPdfSigner(
        meta,
        signer=pki.signer(who),
        timestamper=pki.timestamper(fixed_dt=signing_time, tsa=tsa) if timestamp else None,
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name or f"Signature-{who}"),
        signing_time=signing_time,
        ignore_docmdp=ignore_docmdp,
    )
    out = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False))
    return out.getvalue()


def add_dss(
    pdf: bytes, pki: TestPKI, *, crls: list[bytes] | None = None, ocsps: list[bytes] = (), certs: list = ()
) -> bytes:
    """Append a DSS with the chain and CRLs (what makes a B-T signature B-LT)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp

    buf = io.BytesIO(pdf)
    DocumentSecurityStore.add_dss(
        buf,
        sig_contents=None,
        certs=[pki.ca.asn1, pki.root.asn1, pki.tsa.asn1, *certs],
        crls=[asn1_crl.CertificateList.load(c) for c in (crls if crls is not None else pki.crls())],
        ocsps=[asn1_ocsp.OCSPResponse.load(o) for o in ocsps],
        strict=False,
    )
    return buf.getvalue()


def ocsp_responder(pki: TestPKI) -> Issued:
    """A delegated OCSP responder of the issuing CA (EKU id-kp-OCSPSigning)."""
    return _issue(
        _name("Test OCSP Responder 2025", organization="Test Trust Services"),
        issuer=pki.ca,
        not_before=NOW - 30 * DAY,
        not_after=NOW + 365 * DAY,
        eku=[ExtendedKeyUsageOID.OCSP_SIGNING],
    )


def ocsp_response(
    pki: TestPKI,
    who: str,
    *,
    revoked_at: datetime | None = None,
    responder: Issued | None = None,
    include_responder: bool = True,
    this_update: datetime | None = None,
) -> bytes:
    """An OCSP response about one signer's certificate, signed by the CA or a delegated responder."""
    from cryptography.x509 import ocsp

    signer_cert = pki.signers[who].cert
    this_update = this_update or NOW - timedelta(minutes=30)
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=signer_cert,
        issuer=pki.ca.cert,
        algorithm=hashes.SHA1(),
        cert_status=ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD,
        this_update=this_update,
        next_update=this_update + 7 * DAY,
        revocation_time=revoked_at,
        revocation_reason=x509.ReasonFlags.key_compromise if revoked_at else None,
    )
    signing = responder or pki.ca
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, signing.cert)
    if responder is not None and include_responder:
        builder = builder.certificates([responder.cert])
    response = builder.sign(signing.key, hashes.SHA256())
    return response.public_bytes(serialization.Encoding.DER)


def add_document_timestamp(pdf: bytes, pki: TestPKI, *, as_sig_type: bool = False) -> bytes:
    """Close the file with a document timestamp (B-LTA); ``as_sig_type`` writes its
    dictionary as /Type /Sig, as older DSS versions did."""
    if as_sig_type:
        return _doc_timestamp_as_sig(pdf, pki)
    ts = signers.PdfTimeStamper(pki.timestamper())
    out = ts.timestamp_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), md_algorithm="sha256")
    return out.getvalue()


def many_objects_pdf(count: int = 5000) -> bytes:
    writer = PdfFileWriter()
    page = PageObject(
        contents=writer.add_object(generic.StreamObject(stream_data=b"BT ET")), media_box=[0, 0, 595, 842]
    )
    writer.insert_page(page)
    holder = generic.ArrayObject()
    for i in range(count):
        holder.append(writer.add_object(generic.NumberObject(i)))
    writer.root[generic.pdf_name("/Filler")] = writer.add_object(holder)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def deeply_nested_pdf(depth: int = 2000) -> bytes:
    """A hand-written PDF whose catalog holds an array nested ``depth`` levels deep."""
    nested = b"[" * depth + b"1" + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Deep " + nested + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_at = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at))
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfFileWriter()
    page = PageObject(
        contents=writer.add_object(generic.StreamObject(stream_data=b"BT ET")), media_box=[0, 0, 595, 842]
    )
    writer.insert_page(page)
    writer.encrypt("owner-secret", "user-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the trusted list --------------------------------------------------------------------------


def trusted_list_xml(pki: TestPKI, *, extra: list | None = None) -> bytes:
    """An ETSI TS 119 612 list of the test PKI's services, the way SK's appear on the
    Estonian list: the CA (here the test root) as CA/QC, the TSA as TSA/QTST (both granted five years ago)."""
    from trust.validation import trustlist as tl

    granted = (tl.StatusPeriod(tl.STATUS_GRANTED, NOW - 5 * 365 * DAY, None),)
    der = serialization.Encoding.DER
    services = [
        tl.TrustedService(
            "CA",
            True,
            tl.TYPE_CA_QC,
            "Test Root CA 2025",
            "Test Trust Services",
            pki.root.cert.public_bytes(der),
            granted,
        ),
        tl.TrustedService(
            "TSA",
            True,
            tl.TYPE_TSA_QTST,
            "Test TSA 2025",
            "Test Trust Services",
            pki.tsa.cert.public_bytes(der),
            granted,
        ),
        *(extra or []),
    ]
    return tl.to_xml(services, operator="Test supervisory body", issued=NOW)


def trusted_list(pki: TestPKI, *, extra: list | None = None):
    from trust.validation import trustlist as tl

    return tl.parse(trusted_list_xml(pki, extra=extra), source="test")


def service(kind: str, issued: Issued, *, qualified: bool = True, periods=None):
    """A trusted-list entry for one test certificate."""
    from trust.validation import trustlist as tl

    types = {
        ("CA", True): tl.TYPE_CA_QC,
        ("CA", False): tl.TYPE_CA_PKC,
        ("TSA", True): tl.TYPE_TSA_QTST,
        ("TSA", False): tl.TYPE_TSA,
        ("OCSP", True): tl.TYPE_OCSP_QC,
        ("OCSP", False): tl.TYPE_OCSP,
    }
    periods = periods or (tl.StatusPeriod(tl.STATUS_GRANTED, NOW - 5 * 365 * DAY, None),)
    return tl.TrustedService(
        kind,
        qualified,
        types[(kind, qualified)],
        issued.cert.subject.rfc4514_string(),
        "Test Trust Services",
        issued.cert.public_bytes(serialization.Encoding.DER),
        tuple(periods),
    )


class _SigTypedTimeStamper(signers.PdfTimeStamper):
    pass


def _doc_timestamp_as_sig(pdf: bytes, pki: TestPKI) -> bytes:
    """A document time-stamp whose signature dictionary says /Type /Sig (older DSS output)."""
    from pyhanko.sign.signers import pdf_byterange

    original = pdf_byterange.DocumentTimestamp.__init__

    def as_sig(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self[generic.pdf_name("/Type")] = generic.pdf_name("/Sig")

    pdf_byterange.DocumentTimestamp.__init__ = as_sig
    try:
        ts = signers.PdfTimeStamper(pki.timestamper())
        out = ts.timestamp_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), md_algorithm="sha256")
    finally:
        pdf_byterange.DocumentTimestamp.__init__ = original
    return out.getvalue()


# --- certificates for the conformance rules ---------------------------------------------------


def extra_signer(pki: TestPKI, name: str, *, key=None, signing: bool = True, **validity) -> Issued:
    """A person certificate from the issuing CA with a chosen key, key usage or validity."""
    issued = _issue(
        _name(
            f"{name.upper()},TEST,38001010000",
            given_name="TEST",
            surname=name.upper(),
            serial_number="PNOEE-38001010000",
        ),
        issuer=pki.ca,
        key=key,
        signing=signing,
        not_before=validity.get("not_before", NOW - 365 * DAY),
        not_after=validity.get("not_after", NOW + 365 * DAY),
    )
    pki.signers[name] = issued
    return issued


def expired_tsa(pki: TestPKI) -> Issued:
    """A TSA certificate that expired yesterday (its time-stamps were made while it was valid)."""
    return _issue(
        _name("Test TSA 2019", organization="Test Trust Services"),
        issuer=pki.ca,
        key=rsa.generate_private_key(public_exponent=65537, key_size=2048),
        not_before=NOW - 3 * 365 * DAY,
        not_after=NOW - DAY,
        eku=[ExtendedKeyUsageOID.TIME_STAMPING],
        eku_critical=True,
    )


def root_issued_responder(pki: TestPKI) -> Issued:
    """An OCSP responder certified by the root, not by the signer's CA (as SK's are)."""
    return _issue(
        _name("Test OCSP Responder (root) 2025", organization="Test Trust Services"),
        issuer=pki.root,
        not_before=NOW - 30 * DAY,
        not_after=NOW + 365 * DAY,
        eku=[ExtendedKeyUsageOID.OCSP_SIGNING],
    )


def negative_modulus_signer(pki: TestPKI, name: str = "negative") -> Issued:
    """An RSA certificate whose modulus is DER-encoded without its leading zero byte, i.e.
    as a negative INTEGER, like some Estonian ID cards; signed by the issuing CA."""
    from asn1crypto import keys as k

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    normal = extra_signer(pki, name, key=key)
    tbs = asn1_x509.TbsCertificate.load(normal.cert.tbs_certificate_bytes)
    numbers = key.public_key().public_numbers()
    negative = k.RSAPublicKey({"modulus": numbers.n - (1 << 2048), "public_exponent": numbers.e})
    tbs["subject_public_key_info"] = k.PublicKeyInfo({"algorithm": {"algorithm": "rsa"}, "public_key": negative})
    tbs_der = tbs.dump(force=True)
    signature = pki.ca.key.sign(tbs_der, ec.ECDSA(hashes.SHA256()))
    cert = asn1_x509.Certificate(
        {
            "tbs_certificate": asn1_x509.TbsCertificate.load(tbs_der),
            "signature_algorithm": {"algorithm": "sha256_ecdsa"},
            "signature_value": signature,
        }
    )
    issued = _RawIssued(cert=x509.load_der_x509_certificate(cert.dump()), key=key, raw=cert)
    pki.signers[name] = issued
    return issued


@dataclass
class _RawIssued(Issued):
    raw: asn1_x509.Certificate | None = None

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return self.raw


# --- hostile documents ---------------------------------------------------------------------------


def fields_sharing_one_value(signed: bytes, count: int) -> bytes:
    """``count`` more signature fields whose /V is the one signature of ``signed`` (added in
    an incremental update): the document that made to_dict() take minutes."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    acroform = writer.root["/AcroForm"]
    fields_array = acroform["/Fields"]
    value_ref = fields_array[0].get_object().raw_get("/V")
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    for i in range(count):
        field = generic.DictionaryObject(
            {
                generic.pdf_name("/FT"): generic.pdf_name("/Sig"),
                generic.pdf_name("/T"): generic.TextStringObject(f"Copy{i}"),
                generic.pdf_name("/V"): value_ref,
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Widget"),
                generic.pdf_name("/Rect"): generic.ArrayObject([generic.NumberObject(0)] * 4),
                generic.pdf_name("/P"): page_ref,
            }
        )
        fields_array.append(writer.add_object(field))
    writer.update_container(acroform)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def compression_bomb_after_signing(signed: bytes, megabytes: int = 200) -> bytes:
    """A signed PDF with a later update adding a page content stream that inflates from a
    few hundred KiB to ``megabytes`` MiB."""
    import zlib

    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    compressed = zlib.compress(b"\0" * (megabytes * 1024 * 1024), 9)
    stream = generic.StreamObject(
        {generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode")}, encoded_data=compressed
    )
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[generic.pdf_name("/Contents")] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
