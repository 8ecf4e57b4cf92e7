"""The legal level of a signature under eIDAS, in SiVa's vocabulary: QESIG, QESEAL,
ADESIG_QC, ADESEAL_QC, ADESIG, ADESEAL (or ADES when signature and seal can't be told apart).

The certificate is qualified when it says so (QCStatement id-etsi-qcs-QcCompliance, ETSI
EN 319 412-5) or when it was issued under a CA/QC service of the trusted list whose status
was granted at the signing time. It is on a qualified signature creation device when it
says so (id-etsi-qcs-QcSSCD) or, issued under a CA/QC service, unless it says otherwise.
It is a seal when its QcType says eseal, or when its subject names an organisation
(organizationIdentifier) and no person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from asn1crypto import core
from asn1crypto import x509 as asn1_x509

from trust.validation import trustlist

QC_COMPLIANCE = "0.4.0.1862.1.1"
QC_SSCD = "0.4.0.1862.1.4"
QC_TYPE = "0.4.0.1862.1.6"
QCT_ESIGN = "0.4.0.1862.1.6.1"
QCT_ESEAL = "0.4.0.1862.1.6.2"
QC_STATEMENTS_EXT = "1.3.6.1.5.5.7.1.3"


@dataclass
class Qualification:
    level: str  # QESIG, QESEAL, ADESIG_QC, ADESEAL_QC, ADESIG, ADESEAL
    qualified: bool = False
    qscd: bool = False
    seal: bool = False
    source: str = ""  # "certificate" | "trusted list" | ""

    @property
    def is_qes(self) -> bool:
        return self.level in ("QESIG", "QESEAL")


def _statements(cert: asn1_x509.Certificate) -> dict[str, object]:
    """QCStatement id -> statementInfo (parsed loosely: asn1crypto knows no QCStatements)."""
    found: dict[str, object] = {}
    try:
        extensions = cert["tbs_certificate"]["extensions"]
    except (KeyError, ValueError):
        return found
    for ext in extensions or []:
        if ext["extn_id"].dotted != QC_STATEMENTS_EXT:
            continue
        try:
            seq = core.Sequence.load(ext["extn_value"].contents)
            for item in seq:
                statement = core.Sequence.load(item.dump())
                statement_id = core.ObjectIdentifier.load(statement[0].dump()).dotted
                info = statement[1] if len(statement) > 1 else None
                found[statement_id] = info
        except (ValueError, TypeError, IndexError):
            continue
    return found


def _qc_types(info) -> set[str]:
    if info is None:
        return set()
    try:
        seq = core.Sequence.load(info.dump())
        return {core.ObjectIdentifier.load(item.dump()).dotted for item in seq}
    except (ValueError, TypeError):
        return set()


def _looks_like_seal(cert: asn1_x509.Certificate) -> bool:
    subject = cert.subject.native
    has_org_id = "organization_identifier" in subject or "2.5.4.97" in subject
    has_person = any(k in subject for k in ("given_name", "surname", "pseudonym"))
    return has_org_id and not has_person


def assess(
    signer: asn1_x509.Certificate,
    chain: list[asn1_x509.Certificate],
    trusted: trustlist.TrustedList,
    moment: datetime,
) -> Qualification:
    statements = _statements(signer)
    qc_types = _qc_types(statements.get(QC_TYPE))
    seal = QCT_ESEAL in qc_types or (QCT_ESIGN not in qc_types and _looks_like_seal(signer))
    qualified, qscd, source = False, False, ""
    if QC_COMPLIANCE in statements:
        qualified, source = True, "certificate"
        qscd = QC_SSCD in statements
    issuers = chain[:-1] if chain and chain[-1].dump() == signer.dump() else chain
    service = trusted.ca_service_for(issuers) if issuers else None
    if service is not None and service.qualified and service.granted_at(moment):
        qualified, source = True, source or "trusted list"
        qscd = qscd or QC_SSCD in statements or QC_COMPLIANCE not in statements
    if qualified:
        level = ("QESEAL" if seal else "QESIG") if qscd else ("ADESEAL_QC" if seal else "ADESIG_QC")
    else:
        level = "ADESEAL" if seal else "ADESIG"
    return Qualification(level=level, qualified=qualified, qscd=qscd, seal=seal, source=source)
