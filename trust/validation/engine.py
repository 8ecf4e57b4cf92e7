"""The validation engine: one pass of pyHanko over a PDF, turned into a report.

For every signature pyHanko checks integrity, the CMS signature, the modifications made
after it and the certificate chain. What this module adds:

- The chain is validated *at the proven signing time*: the genTime of the signature's
  time-stamp becomes the validation moment, and revocation data embedded in the file (DSS,
  adbe-revocationInfoArchival) is used even when it was issued later (it says when the
  certificate was revoked, which is what matters). Without a time-stamp the chain is
  validated now. Nothing is fetched from the network: a public upload must not make this
  server call addresses chosen by the uploader.
- The signer's revocation status is read from the embedded data a second time, by
  ``revocation.assess``, and its revocation time is compared with the time-stamp's genTime
  here, so "revoked before signing" fails whatever pyHanko's time-sliding concluded.
- Verdicts follow SiVa: TOTAL-PASSED, TOTAL-FAILED or INDETERMINATE, with the ETSI EN
  319 102-1 sub-indication and the reason in words.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from asn1crypto.crl import CertificateList
from asn1crypto.ocsp import OCSPResponse
from cryptography import x509
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.decode_limits import (
    DecodeLimits,
    DecodePurpose,
    DocumentDecodeBudget,
    StreamDecodeLimits,
)
from pyhanko.pdf_utils.misc import PdfDecodeLimitError, PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields
from pyhanko.sign.general import MultivaluedAttributeError, NonexistentAttributeError, find_unique_cms_attribute
from pyhanko.sign.validation import EmbeddedPdfSignature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError, SignatureValidationError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter, validate_cert_usage
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule

from trust.validation import describe, errors, lenient, policies, qualification, revocation, trustlist, verdicts
from trust.validation.report import (
    FAILED,
    INDETERMINATE,
    LEVEL_B_B,
    LEVEL_B_LT,
    LEVEL_B_LTA,
    LEVEL_B_T,
    PASSED,
    DocumentTimestampResult,
    SignatureResult,
    TimestampInfo,
    ValidationReport,
)

logger = logging.getLogger(__name__)

MiB = 1024 * 1024
# Tighter than pyHanko's defaults: the upload limit is a few MiB, so a document that
# decompresses to more than this is a bomb, not a contract.
DECODE_LIMITS = DecodeLimits(
    per_stream=StreamDecodeLimits(max_ratio=1100, max_output_size=64 * MiB),
    document_budget=DocumentDecodeBudget(base_allowance=128 * MiB, max_ratio=20),
)
# The signer's certificate must have revocation data (CRL or OCSP) for the signing time;
# CA certificates are checked when they name a distribution point.
SIGNER_REVOCATION_POLICY = CertRevTrustPolicy(
    RevocationCheckingPolicy(
        ee_certificate_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
        intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED_SOFT,
    ),
    retroactive_revinfo=True,
)
_PADES_SUBFILTERS = {SigSeedSubFilter.PADES.value, SigSeedSubFilter.PBAD_PADES.value}
_KNOWN_SUBFILTERS = {sf.value for sf in SigSeedSubFilter}


# --- entry point --------------------------------------------------------------------------


def validate_document(
    data: bytes,
    *,
    trusted: trustlist.TrustedList,
    policy: policies.Policy,
    document_name: str = "",
    max_objects: int,
    max_signatures: int = 100,
) -> ValidationReport:
    """Validate every signature and document time-stamp in ``data`` (a PDF) under ``policy``,
    trusting the services on ``trusted``.

    Raises ``errors.ValidationRefused`` when the file can't be read as a PDF at all.
    """
    validated_at = timezone.now().astimezone(UTC).replace(microsecond=0)
    reader = _open(data, max_objects=max_objects)
    try:
        document = _Document.read(reader, trusted, policy, max_signatures=max_signatures)
        with lenient.trusted_responders(trusted.certificates("OCSP")):
            signatures, timestamps = asyncio.run(_validate_all(document, validated_at))
    except errors.ValidationRefused:
        raise
    except RecursionError:
        raise errors.DocumentTooComplex(_("The PDF's structure is nested too deeply to be read safely."))
    except PdfDecodeLimitError:
        raise errors.DocumentTooComplex(_("The PDF's compressed content expands to more data than is allowed."))
    except MemoryError:
        raise
    except PdfError:
        logger.info("Unreadable PDF structure", exc_info=True)
        raise errors.DamagedDocument()
    except Exception:
        logger.error("The validator failed on a readable PDF", exc_info=True)
        raise errors.ProcessingFailed()
    anchors = trusted.certificates("CA")
    report = ValidationReport(
        verdict=PASSED,
        reason="",
        validated_at=validated_at,
        document_name=str(document_name),
        document_sha256=hashlib.sha256(data).hexdigest(),
        document_size=len(data),
        revisions=reader.xrefs.total_revisions,
        signatures=signatures,
        timestamps=timestamps,
        trust_anchors=[describe.subject_text(a) for a in anchors],
        policy=policy.name,
        policy_description=str(policy.description),
        policy_url=policy.url,
    )
    report.verdict, report.reason = _overall(report)
    return report


_CMS_SIGNED_DATA_OID = bytes.fromhex("06092a864886f70d010702")  # 1.2.840.113549.1.7.2


def _is_cms_envelope(data: bytes) -> bool:
    return data[:1] == b"\x30" and _CMS_SIGNED_DATA_OID in data[:64]


def _open(data: bytes, *, max_objects: int) -> PdfFileReader:
    if _is_cms_envelope(data):
        raise errors.CmsEnvelope(holds_pdf=b"%PDF-" in data[:4096])
    if b"%PDF-" not in data[:1024]:
        raise errors.NotAPdf()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False, decode_limits=DECODE_LIMITS)
        encrypted = reader.encrypted
        xrefs = reader.xrefs
        objects = sum(
            len(xrefs.get_xref_data(rev).standard_xrefs) + len(xrefs.get_xref_data(rev).xrefs_in_objstm)
            for rev in range(xrefs.total_revisions)
        )
    except RecursionError:
        raise errors.DocumentTooComplex(_("The PDF's structure is nested too deeply to be read safely."))
    except PdfDecodeLimitError:
        raise errors.DocumentTooComplex(_("The PDF's compressed content expands to more data than is allowed."))
    except MemoryError:
        raise
    except PdfError:
        logger.info("Unreadable PDF", exc_info=True)
        if b"%%EOF" not in data[-2048:]:
            raise errors.TruncatedDocument()
        raise errors.DamagedDocument()
    except Exception:
        logger.error("The PDF reader failed", exc_info=True)
        raise errors.ProcessingFailed()
    if encrypted:
        raise errors.EncryptedDocument()
    if objects > max_objects:
        raise errors.DocumentTooComplex(
            _("The PDF has %(count)s objects; this service validates documents with at most %(limit)s.")
            % {"count": objects, "limit": max_objects}
        )
    return reader


# --- the document's shared material -----------------------------------------------------------


class _TimestampAsDocTimeStamp(EmbeddedPdfSignature):
    """A document time-stamp whose dictionary says /Type /Sig (older DSS versions wrote them
    so): recognised by its SubFilter, validated as the time-stamp it is."""

    @property
    def sig_object_type(self):
        return generic.pdf_name("/DocTimeStamp")


@dataclass
class _Entry:
    field_name: str
    embedded: EmbeddedPdfSignature | None
    revision: int
    is_timestamp: bool
    problem: str = ""


@dataclass
class _Document:
    reader: PdfFileReader
    trusted: trustlist.TrustedList
    policy: policies.Policy
    anchors: list[asn1_x509.Certificate]
    entries: list[_Entry]
    dss_certs: list[asn1_x509.Certificate] = field(default_factory=list)
    dss_crls: list[CertificateList] = field(default_factory=list)
    dss_ocsps: list[OCSPResponse] = field(default_factory=list)
    evidence: list[revocation.RevocationEvidence] = field(default_factory=list)
    # (revision, time, authority) of every document time-stamp that passed
    proofs: list[tuple[int, datetime, str]] = field(default_factory=list)

    @classmethod
    def read(
        cls, reader: PdfFileReader, trusted: trustlist.TrustedList, policy: policies.Policy, *, max_signatures: int
    ) -> _Document:
        doc = cls(
            reader=reader,
            trusted=trusted,
            policy=policy,
            anchors=trusted.certificates("CA"),
            entries=_entries(reader, max_signatures),
        )
        try:
            dss = DocumentSecurityStore.read_dss(reader)
        except NoDSSFoundError:
            return doc
        for ref in dss.certs.values():
            doc.dss_certs.append(asn1_x509.Certificate.load(ref.get_object().read_data(DecodePurpose.CERTIFICATE)))
        for ref in dss.crls:
            der = ref.get_object().read_data(DecodePurpose.CRL)
            doc.dss_crls.append(CertificateList.load(der))
            doc.evidence.append(revocation.RevocationEvidence(der, "CRL", "DSS"))
        for ref in dss.ocsps:
            der = ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE)
            doc.dss_ocsps.append(OCSPResponse.load(der))
            doc.evidence.append(revocation.RevocationEvidence(der, "OCSP", "DSS"))
        return doc

    @staticmethod
    def crypto_cert(cert: asn1_x509.Certificate) -> x509.Certificate | None:
        return describe.as_crypto_or_none(cert)

    @property
    def doc_timestamp_revisions(self) -> list[int]:
        return [e.revision for e in self.entries if e.is_timestamp and e.embedded is not None and not e.problem]

    @property
    def ts_roots(self) -> list[asn1_x509.Certificate]:
        return [*self.anchors, *self.trusted.certificates("TSA")]


def _entries(reader: PdfFileReader, max_signatures: int) -> list[_Entry]:
    """Every filled signature field, in signing order. Unlike pyHanko's own enumeration, a
    signature that can't be parsed or has an unknown SubFilter is reported, not skipped.
    Fields that share one signature value are one signature (as in DSS), reported once
    under the first field's name."""
    entries = []
    seen: set = set()
    last = reader.xrefs.total_revisions
    for fq_name, sig_obj, sig_field in enumerate_sig_fields(reader, filled_status=True):
        key = (sig_obj.idnum, sig_obj.generation) if isinstance(sig_obj, generic.IndirectObject) else id(sig_obj)
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > max_signatures:
            raise errors.DocumentTooComplex(
                _("The PDF has more than %(limit)s signatures; this service validates at most %(limit)s.")
                % {"limit": max_signatures}
            )
        sig_dict = sig_obj.get_object()
        subfilter = str(sig_dict.get("/SubFilter", ""))
        # A document time-stamp is known by its SubFilter, whatever its /Type says.
        is_ts = subfilter == SigSeedSubFilter.ETSI_RFC3161.value or sig_dict.get("/Type") == "/DocTimeStamp"
        name = str(fq_name)
        if subfilter not in _KNOWN_SUBFILTERS:
            entries.append(
                _Entry(
                    name,
                    None,
                    last,
                    is_ts,
                    problem=_("The signature has an unsupported format (SubFilter %(subfilter)s).")
                    % {"subfilter": subfilter or "—"},
                )
            )
            continue
        try:
            kind = (
                _TimestampAsDocTimeStamp if is_ts and sig_dict.get("/Type") != "/DocTimeStamp" else EmbeddedPdfSignature
            )
            embedded = kind(reader, sig_field, name)
            revision = embedded.signed_revision
        except (RecursionError, PdfDecodeLimitError, MemoryError):
            raise
        except Exception:
            logger.info("Unreadable signature %s", name, exc_info=True)
            entries.append(_Entry(name, None, last, is_ts, problem=_("The signature data is damaged.")))
            continue
        entries.append(_Entry(name, embedded, revision, is_ts))
    entries.sort(key=lambda e: e.revision)
    return entries


async def _validate_all(
    doc: _Document, validated_at: datetime
) -> tuple[list[SignatureResult], list[DocumentTimestampResult]]:
    signatures: list[SignatureResult] = []
    timestamps: list[DocumentTimestampResult] = []
    # Document time-stamps first: one that passed is proof of existence for every
    # signature in an earlier revision (PAdES B-T without a signature time-stamp).
    for entry in doc.entries:
        if entry.is_timestamp:
            result = await _document_timestamp(doc, entry, len(timestamps) + 1)
            timestamps.append(result)
            if result.verdict == PASSED and result.time is not None:
                doc.proofs.append((entry.revision, result.time, result.authority))
    for entry in doc.entries:
        if not entry.is_timestamp:
            signatures.append(await _signature(doc, entry, len(signatures) + 1, validated_at))
    return signatures, timestamps


def _tst_signer(tst: asn1_cms.SignedData) -> asn1_x509.Certificate | None:
    try:
        sid = tst["signer_infos"][0]["sid"]
        for choice in tst["certificates"] or []:
            cert = choice.chosen
            if sid.name == "issuer_and_serial_number":
                chosen = sid.chosen
                if (
                    cert.serial_number == chosen["serial_number"].native
                    and cert.issuer.dump() == chosen["issuer"].dump()
                ):
                    return cert
            elif cert.key_identifier == sid.chosen.native:
                return cert
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return None


def _ts_moment(doc: _Document, tst: asn1_cms.SignedData | None, gen_time: datetime | None) -> datetime | None:
    """When a time-stamp's certificate is validated: at its genTime if the TSA is a service
    on the trusted list granted then (a TSA certificate that has since expired still counts,
    as in DSS), otherwise now."""
    if tst is None or gen_time is None:
        return None
    signer = _tst_signer(tst)
    service = doc.trusted.find(signer, "TSA") if signer is not None else None
    if service is not None and service.granted_at(gen_time):
        return gen_time
    return None


def _ts_context(doc: _Document, moment: datetime | None, extra_certs=()) -> ValidationContext:
    """For time-stamps: the TSA services on the trusted list are anchors themselves."""
    return ValidationContext(
        trust_roots=doc.ts_roots,
        other_certs=[*doc.dss_certs, *extra_certs],
        crls=doc.dss_crls,
        ocsps=doc.dss_ocsps,
        moment=moment,
        allow_fetching=False,
        revocation_mode="soft-fail",
        algorithm_usage_policy=doc.policy.algorithms(),
    )


# --- one signature --------------------------------------------------------------------------


async def _signature(doc: _Document, entry: _Entry, index: int, validated_at: datetime) -> SignatureResult:
    result = SignatureResult(
        index=index, field_name=entry.field_name, verdict=FAILED, signed_revision=entry.revision + 1
    )
    emb = entry.embedded
    if emb is None:
        result.sub_indication = "FORMAT_FAILURE"
        result.reason = entry.problem
        result.add_check("format", "FAILED", entry.problem)
        return result
    try:
        return await _check_signature(doc, emb, result, validated_at)
    except (RecursionError, PdfDecodeLimitError, MemoryError):
        raise
    except Exception:
        logger.warning("Signature %s could not be processed", entry.field_name, exc_info=True)
        result.verdict = FAILED
        result.sub_indication = "FORMAT_FAILURE"
        result.reason = _("The signature is malformed and could not be checked.")
        result.add_check("format", "FAILED", result.reason)
        return result


def _archival_evidence(emb: EmbeddedPdfSignature) -> tuple[list, list, list[revocation.RevocationEvidence]]:
    try:
        archival = find_unique_cms_attribute(emb.signer_info["signed_attrs"], "adobe_revocation_info_archival")
    except (NonexistentAttributeError, MultivaluedAttributeError):
        return [], [], []
    crls = list(archival["crl"]) if archival["crl"] else []
    ocsps = list(archival["ocsp"]) if archival["ocsp"] else []
    evidence = [revocation.RevocationEvidence(c.dump(), "CRL", "signature") for c in crls]
    evidence += [revocation.RevocationEvidence(o.dump(), "OCSP", "signature") for o in ocsps]
    return crls, ocsps, evidence


def _first_timestamp(emb: EmbeddedPdfSignature) -> tuple[datetime | None, asn1_cms.SignedData | None]:
    for tst in extract_tst_data_iter(emb.signer_info, signed=False):
        try:
            return tst["encap_content_info"]["content"].parsed["gen_time"].native, tst
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return None, None


def _key_usage(policy: policies.Policy) -> KeyUsageConstraints:
    if policy.require_non_repudiation:
        return KeyUsageConstraints(key_usage={"non_repudiation"})
    return KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"})


async def _check_signature(
    doc: _Document,
    emb: EmbeddedPdfSignature,
    result: SignatureResult,
    validated_at: datetime,
) -> SignatureResult:
    policy = doc.policy
    subfilter = str(emb.sig_object.get("/SubFilter", ""))
    result.signature_format = "PAdES" if subfilter in _PADES_SUBFILTERS else "PKCS#7"
    result.claimed_signing_time = describe.utc(emb.self_reported_timestamp)
    signer_cert = emb.signer_cert
    result.signer = describe.identity(signer_cert)
    result.certificate = describe.cert_info(signer_cert)

    gen_time, tst = _first_timestamp(emb)
    gen_time = describe.utc(gen_time)
    later_proof = min(
        ((t, a) for rev, t, a in doc.proofs if rev > emb.signed_revision), key=lambda p: p[0], default=None
    )
    if tst is None and later_proof is not None:
        gen_time = later_proof[0]
    crls, ocsps, evidence = _archival_evidence(emb)
    algorithms = policy.algorithms()
    signer_context = ValidationContext(
        trust_roots=doc.anchors,
        other_certs=doc.dss_certs,
        crls=doc.dss_crls + crls,
        ocsps=doc.dss_ocsps + ocsps,
        moment=gen_time,
        allow_fetching=False,
        revinfo_policy=SIGNER_REVOCATION_POLICY,
        algorithm_usage_policy=algorithms,
    )
    key_usage = _key_usage(policy)
    try:
        status = await async_validate_pdf_signature(
            emb,
            signer_validation_context=signer_context,
            ts_validation_context=_ts_context(doc, _ts_moment(doc, tst, gen_time)),
            key_usage_settings=key_usage,
            algorithm_policy=algorithms,
        )
    except SignatureValidationError as exc:
        result.sub_indication = exc.ades_subindication.standard_name if exc.ades_subindication else "FORMAT_FAILURE"
        result.verdict = FAILED if result.sub_indication == "FORMAT_FAILURE" else INDETERMINATE
        result.reason = _("The signature could not be validated: %(detail)s") % {"detail": exc.failure_message}
        result.add_check("signature", result.verdict, result.reason)
        return result

    finding = _finding(doc, emb, status, signer_cert, evidence)
    # pyHanko accepts neither an OCSP response produced after the validation moment nor one
    # from a responder on the trusted list that the CA did not certify. When the embedded
    # data, verified independently, settles the signer's status at the proven time, the chain
    # is validated again without pyHanko's own revocation requirement for the signer.
    settled = finding.status == "good" or (
        finding.status == "revoked" and gen_time is not None and finding.revoked_at > gen_time
    )
    if status.trust_problem_indic in _REVINFO_PROBLEMS and settled and gen_time is not None:
        status = await _revalidate_revoked_later(doc, emb, status, gen_time, crls, ocsps, key_usage)

    result.digest_algorithm = str(status.md_algorithm or "")
    result.signature_algorithm = str(status.pkcs7_signature_mechanism or "")
    result.intact = bool(status.intact and status.valid)
    result.trusted = bool(status.trusted)
    path = status.validation_path
    chain_certs: list[asn1_x509.Certificate] = []
    if path is not None:
        chain_certs = list(path.iter_certs(include_root=True))
        result.chain = [describe.cert_info(c, anchor=(i == 0)) for i, c in enumerate(chain_certs)]

    # Timestamp
    ts_status = status.timestamp_validity
    if tst is not None:
        result.timestamp = describe.timestamp_info(ts_status, tst, gen_time)
    elif later_proof is not None:
        result.timestamp = TimestampInfo(
            status="valid",
            time=later_proof[0],
            authority=later_proof[1],
            text=_(
                "No signature time-stamp; a document time-stamp by “%(tsa)s” proves the signature existed at %(time)s."
            )
            % {"tsa": later_proof[1], "time": describe.when(later_proof[0])},
        )
    result.archive_timestamps = [describe.utc(t).isoformat() for rev, t, _a in doc.proofs if rev > emb.signed_revision]
    proven_time = result.proven_signing_time

    result.revocation = describe.revocation_status(finding, proven_time)

    # What the signature covers, and what changed after it
    total = doc.reader.xrefs.total_revisions
    result.coverage, result.coverage_text = describe.coverage(status.coverage, emb.signed_revision + 1, total)
    result.modifications, result.modifications_text, result.changed_fields = describe.modifications(status.diff_result)

    result.level = _level(doc, emb, tst is not None, finding.status != "none")
    quality = qualification.assess(signer_cert, chain_certs, doc.trusted, proven_time or validated_at)
    result.signature_level = quality.level
    verdicts.judge(
        result,
        status,
        finding,
        proven_time,
        validated_at,
        signer_cert,
        policy=policy,
        quality=quality,
    )
    verdicts.warn(result, subfilter, status, policy)
    return result


_REVINFO_PROBLEMS = (AdESIndeterminate.CERTIFICATE_CHAIN_GENERAL_FAILURE, AdESIndeterminate.TRY_LATER)


def _finding(
    doc: _Document,
    emb: EmbeddedPdfSignature,
    status,
    signer: asn1_x509.Certificate,
    evidence: list[revocation.RevocationEvidence],
) -> revocation.Finding:
    """The signer's revocation status, read independently from the embedded data."""
    crypto_signer = doc.crypto_cert(signer)
    if crypto_signer is None:
        return revocation.Finding("none")
    issuer = None
    if status.validation_path is not None:
        certs = list(status.validation_path.iter_certs(include_root=True))
        if len(certs) >= 2:
            issuer = doc.crypto_cert(certs[-2])
    if issuer is None:
        candidates = [doc.crypto_cert(c) for c in (*emb.other_embedded_certs, *doc.dss_certs, *doc.anchors)]
        issuer = revocation.find_issuer(crypto_signer, [c for c in candidates if c is not None])
    known = [doc.crypto_cert(c) for c in doc.dss_certs]
    trusted_responders = [doc.crypto_cert(c) for c in doc.trusted.certificates("OCSP")]
    return revocation.assess(
        crypto_signer,
        issuer,
        doc.evidence + evidence,
        known_certs=[c for c in known if c is not None],
        trusted_responders=[c for c in trusted_responders if c is not None],
    )


async def _revalidate_revoked_later(
    doc: _Document,
    emb: EmbeddedPdfSignature,
    status,
    gen_time: datetime,
    crls: list,
    ocsps: list,
    key_usage: KeyUsageConstraints,
):
    """The chain validated again at ``gen_time`` without requiring revocation data for the
    signer (its status is settled by ``revocation.assess``: verified "good", or revoked only
    after the time-stamp); everything else (validity, CAs, key usage) still counts."""
    context = ValidationContext(
        trust_roots=doc.anchors,
        other_certs=[*doc.dss_certs, *emb.other_embedded_certs],
        crls=doc.dss_crls + crls,
        ocsps=doc.dss_ocsps + ocsps,
        moment=gen_time,
        allow_fetching=False,
        revocation_mode="soft-fail",
        retroactive_revinfo=True,
        algorithm_usage_policy=doc.policy.algorithms(),
    )
    outcome = await validate_cert_usage(
        emb.signer_cert,
        context,
        key_usage_settings=key_usage,
        paths=context.path_builder.async_build_paths_lazy(emb.signer_cert),
    )
    if outcome.error_subindic is not None:
        return status
    return dataclasses.replace(status, trust_problem_indic=None, validation_path=outcome.success_result)


async def _document_timestamp(doc: _Document, entry: _Entry, index: int) -> DocumentTimestampResult:
    result = DocumentTimestampResult(
        index=index, field_name=entry.field_name, verdict=FAILED, signed_revision=entry.revision + 1
    )
    emb = entry.embedded
    if emb is None:
        result.sub_indication, result.reason = "FORMAT_FAILURE", entry.problem
        return result
    if str(emb.sig_object.get("/Type", "/Sig")) != "/DocTimeStamp":
        result.warnings.append(
            _(
                "The document time-stamp is written as /Type /Sig (as older DSS versions did); it is read by its SubFilter."
            )
        )
    try:
        gen_time = describe.utc(emb.signed_data["encap_content_info"]["content"].parsed["gen_time"].native)
        context = _ts_context(doc, _ts_moment(doc, emb.signed_data, gen_time))
        status = await async_validate_pdf_timestamp(emb, validation_context=context)
    except (RecursionError, PdfDecodeLimitError, MemoryError):
        raise
    except Exception:
        logger.warning("Document timestamp %s could not be processed", entry.field_name, exc_info=True)
        result.sub_indication = "FORMAT_FAILURE"
        result.reason = _("The document time-stamp is malformed and could not be checked.")
        return result
    result.time = describe.utc(status.timestamp)
    result.certificate = describe.cert_info(status.signing_cert)
    result.authority = result.certificate.subject
    if status.validation_path is not None:
        result.chain = [
            describe.cert_info(c, anchor=(i == 0))
            for i, c in enumerate(status.validation_path.iter_certs(include_root=True))
        ]
    total = doc.reader.xrefs.total_revisions
    result.coverage, result.coverage_text = describe.coverage(status.coverage, emb.signed_revision + 1, total)
    result.modifications, result.modifications_text, _fields = describe.modifications(status.diff_result)
    tsa_service = doc.trusted.find(status.signing_cert, "TSA")
    if not (status.intact and status.valid):
        result.sub_indication = "HASH_FAILURE" if not status.intact else "SIG_CRYPTO_FAILURE"
        result.reason = _("The document time-stamp does not match the document: it was changed after time-stamping.")
    elif result.coverage in ("partial", "unclear"):
        result.sub_indication = "FORMAT_FAILURE"
        result.reason = result.coverage_text
    elif not status.trusted:
        result.verdict = INDETERMINATE
        result.sub_indication = (
            status.trust_problem_indic.standard_name
            if status.trust_problem_indic
            else "CERTIFICATE_CHAIN_GENERAL_FAILURE"
        )
        result.reason = _("The time-stamping authority “%(tsa)s” is not trusted by this service.") % {
            "tsa": result.authority
        }
    elif tsa_service is not None and not tsa_service.granted_at(result.time):
        result.verdict = INDETERMINATE
        result.sub_indication = "NO_POE"
        result.reason = _("The time-stamping service “%(tsa)s” was not granted on the trusted list at %(time)s.") % {
            "tsa": result.authority,
            "time": describe.when(result.time),
        }
    else:
        result.verdict = PASSED
        result.reason = _("The document existed in this form at %(time)s.") % {"time": describe.when(result.time)}
        if result.modifications in ("other", "suspicious"):
            result.warnings.append(result.modifications_text)
    return result


# --- pieces of the report -------------------------------------------------------------------


def _level(doc: _Document, emb: EmbeddedPdfSignature, has_signature_ts: bool, has_revinfo: bool) -> str:
    later_doc_ts = [rev for rev in doc.doc_timestamp_revisions if rev > emb.signed_revision]
    if not (has_signature_ts or later_doc_ts):
        return LEVEL_B_B
    if not has_revinfo:
        return LEVEL_B_T
    if later_doc_ts:
        return LEVEL_B_LTA
    return LEVEL_B_LT


def _overall(report: ValidationReport) -> tuple[str, str]:
    items = [*report.signatures, *report.timestamps]
    if not report.signatures:
        return INDETERMINATE, _("The document contains no signatures.")
    failed = sum(1 for i in report.signatures if i.verdict == FAILED)
    failed_ts = sum(1 for i in report.timestamps if i.verdict == FAILED)
    total = len(report.signatures)
    if failed:
        return FAILED, ngettext(
            "%(failed)s of %(total)s signature failed validation.",
            "%(failed)s of %(total)s signatures failed validation.",
            total,
        ) % {"failed": failed, "total": total}
    if failed_ts:
        return FAILED, _("A document time-stamp failed validation.")
    if any(i.verdict == INDETERMINATE for i in items):
        return INDETERMINATE, _("Not every signature or time-stamp could be confirmed; see the reasons below.")
    return PASSED, ngettext(
        "The signature is valid.",
        "All %(total)s signatures are valid.",
        total,
    ) % {"total": total}
