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
        data = _plain(dataclasses.asdict(self))
        data["signature_count"] = self.signature_count
        data["valid_signature_count"] = self.valid_signature_count
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationReport:
        return _build(cls, data)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


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
