"""The validation report: plain dataclasses that the pages, the JSON API and the PDF report
all read. ``to_dict()`` gives JSON-ready data (times as ISO 8601 strings in UTC);
``ValidationReport.from_dict()`` rebuilds the report from it (for the PDF download).

Texts (``reason``, ``warnings``, ``*_text``) are in the language that was active when the
document was validated.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PASSED = "TOTAL-PASSED"
FAILED = "TOTAL-FAILED"
INDETERMINATE = "INDETERMINATE"
VERDICTS = (PASSED, FAILED, INDETERMINATE)

_VERDICT_CLASS = {PASSED: "passed", FAILED: "failed", INDETERMINATE: "indeterminate"}

LEVEL_B_B = "B-B"
LEVEL_B_T = "B-T"
LEVEL_B_LT = "B-LT"
LEVEL_B_LTA = "B-LTA"


@dataclass
class CertificateInfo:
    subject: str
    issuer: str
    serial_number: str
    not_before: datetime
    not_after: datetime
    sha256: str
    is_trust_anchor: bool = False


@dataclass
class SignerIdentity:
    name: str
    common_name: str = ""
    given_name: str = ""
    surname: str = ""
    personal_code: str = ""
    personal_code_country: str = ""
    organization: str = ""
    registry_code: str = ""
    registry_country: str = ""
    country: str = ""
    serial_number: str = ""
    organization_identifier: str = ""

    @property
    def is_organisation(self) -> bool:
        return bool(self.registry_code or (self.organization and not self.personal_code))


@dataclass
class RevocationStatus:
    # "good": revocation data says not revoked; "revoked"; "none": the document holds no
    # revocation data for the certificate.
    status: str
    text: str = ""
    revoked_at: datetime | None = None
    reason: str = ""
    source: str = ""
    issued_at: datetime | None = None
    location: str = ""


@dataclass
class TimestampInfo:
    # "valid" (intact and from a trusted TSA), "untrusted", "invalid"
    status: str
    time: datetime | None = None
    authority: str = ""
    text: str = ""


@dataclass
class Check:
    """One rule of the policy applied to one signature (the detailed report)."""

    rule: str
    status: str  # TOTAL-PASSED / TOTAL-FAILED / INDETERMINATE
    text: str = ""


@dataclass
class SignatureResult:
    index: int
    field_name: str
    verdict: str
    sub_indication: str = ""
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    signer: SignerIdentity | None = None
    certificate: CertificateInfo | None = None
    chain: list[CertificateInfo] = field(default_factory=list)
    intact: bool = False
    trusted: bool = False
    trust_text: str = ""
    claimed_signing_time: datetime | None = None
    timestamp: TimestampInfo | None = None
    revocation: RevocationStatus | None = None
    level: str = ""
    signature_format: str = ""
    digest_algorithm: str = ""
    signature_algorithm: str = ""
    coverage: str = ""
    coverage_text: str = ""
    modifications: str = ""
    modifications_text: str = ""
    changed_fields: list[str] = field(default_factory=list)
    signed_revision: int = 0
    signature_level: str = ""
    checks: list[Check] = field(default_factory=list)
    archive_timestamps: list[str] = field(default_factory=list)

    def add_check(self, rule: str, status: str, text: str) -> None:
        self.checks.append(Check(rule=rule, status=status, text=str(text)))

    @property
    def passed(self) -> bool:
        return self.verdict == PASSED

    @property
    def verdict_class(self) -> str:
        return _VERDICT_CLASS.get(self.verdict, "indeterminate")

    @property
    def proven_signing_time(self) -> datetime | None:
        ts = self.timestamp
        return ts.time if ts is not None and ts.status == "valid" else None


@dataclass
class DocumentTimestampResult:
    index: int
    field_name: str
    verdict: str
    sub_indication: str = ""
    reason: str = ""
    time: datetime | None = None
    authority: str = ""
    certificate: CertificateInfo | None = None
    chain: list[CertificateInfo] = field(default_factory=list)
    coverage: str = ""
    coverage_text: str = ""
    modifications: str = ""
    modifications_text: str = ""
    signed_revision: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.verdict == PASSED

    @property
    def verdict_class(self) -> str:
        return _VERDICT_CLASS.get(self.verdict, "indeterminate")


@dataclass
class ValidationReport:
    verdict: str
    reason: str
    validated_at: datetime
    document_name: str = ""
    document_sha256: str = ""
    document_size: int = 0
    revisions: int = 0
    signatures: list[SignatureResult] = field(default_factory=list)
    timestamps: list[DocumentTimestampResult] = field(default_factory=list)
    trust_anchors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    policy: str = ""
    policy_description: str = ""
    policy_url: str = ""

    @property
    def verdict_class(self) -> str:
        return _VERDICT_CLASS.get(self.verdict, "indeterminate")

    @property
    def signature_count(self) -> int:
        return len(self.signatures)

    @property
    def valid_signature_count(self) -> int:
        return sum(1 for s in self.signatures if s.passed)

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        data["signature_count"] = self.signature_count
        data["valid_signature_count"] = self.valid_signature_count
        return data

    def siva(self, *, detailed: bool = False) -> dict[str, Any]:
        """The report in SiVa's vocabulary: ``validationConclusion`` (the simple report), and
        with ``detailed`` a ``validationProcess`` listing every rule applied to each signature."""
        conclusion = {
            "policy": {
                "policyName": self.policy,
                "policyDescription": self.policy_description,
                "policyUrl": self.policy_url,
            },
            "validationTime": _iso(self.validated_at),
            "validatedDocument": {
                "filename": self.document_name,
                "fileHash": self.document_sha256,
                "hashAlgo": "SHA256",
            },
            "validationLevel": "ARCHIVAL_DATA",
            "signatureForm": "PAdES" if self.signatures else None,
            "signaturesCount": self.signature_count,
            "validSignaturesCount": self.valid_signature_count,
            "validationWarnings": [{"content": w} for w in self.warnings],
            "signatures": [_siva_signature(s) for s in self.signatures],
            "timeStampTokens": [
                {
                    "indication": t.verdict,
                    "subIndication": t.sub_indication or None,
                    "signedBy": t.authority,
                    "signedTime": _iso(t.time),
                    "error": [{"content": t.reason}] if t.verdict != PASSED else [],
                    "warning": [{"content": w} for w in t.warnings],
                }
                for t in self.timestamps
            ],
        }
        body: dict[str, Any] = {"validationConclusion": conclusion}
        if detailed:
            body["validationProcess"] = {
                "signatures": [
                    {
                        "id": s.field_name,
                        "checks": [{"rule": c.rule, "status": c.status, "content": c.text} for c in s.checks],
                    }
                    for s in self.signatures
                ]
            }
        return {"validationReport": body}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationReport:
        return _build(cls, data)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


_LEVEL_FORMAT = {LEVEL_B_B: "B", LEVEL_B_T: "T", LEVEL_B_LT: "LT", LEVEL_B_LTA: "LTA"}


def _siva_signature(s: SignatureResult) -> dict[str, Any]:
    family = "PAdES_BASELINE" if s.signature_format == "PAdES" else "PKCS7"
    return {
        "id": s.field_name,
        "signatureFormat": f"{family}_{_LEVEL_FORMAT.get(s.level, 'B')}",
        "signatureLevel": s.signature_level or None,
        "signedBy": s.certificate.subject if s.certificate else "",
        "subjectDistinguishedName": {
            "commonName": s.signer.common_name if s.signer else "",
            "serialNumber": s.signer.serial_number if s.signer else "",
        },
        "indication": s.verdict,
        "subIndication": s.sub_indication or None,
        "errors": [{"content": s.reason}] if s.verdict != PASSED and s.reason else [],
        "warnings": [{"content": w} for w in s.warnings],
        "claimedSigningTime": _iso(s.claimed_signing_time),
        "info": {
            "bestSignatureTime": _iso(s.proven_signing_time),
            "timestampCreationTime": _iso(s.timestamp.time) if s.timestamp else None,
            "ocspResponseCreationTime": _iso(s.revocation.issued_at)
            if s.revocation and s.revocation.source == "OCSP"
            else None,
            "archiveTimestamps": [{"signedTime": t} for t in s.archive_timestamps],
        },
        "signatureScopes": [
            {
                "name": s.field_name,
                "scope": "FullSignatureScope" if s.coverage == "entire_file" else "PartialSignatureScope",
                "content": s.coverage_text,
            }
        ],
    }


def _plain(value: Any) -> Any:
    """JSON-ready plain data: built field by field (no deep copy), every string a plain
    ``str`` (pyHanko's string objects carry references into the document)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return str.__str__(value)
    if value is None or type(value) in (bool, int, float):
        return value
    if isinstance(value, int | float):
        return int(value) if isinstance(value, int) else float(value)
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return str(value)


def _build(cls: type, data: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin is list:
        return [_convert(args[0], v) for v in value]
    if args and origin is not list:  # Optional[X] / X | None
        return _convert(args[0], value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    return value
