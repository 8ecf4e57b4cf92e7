"""The report's facts in words: signer identity from the certificate subject, certificate
summaries, what a signature covers and what changed after it, the time-stamp and the
revocation status. Times are shown in the site's time zone (Europe/Tallinn)."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
from pyhanko.sign.validation import SignatureCoverageLevel

from trust.validation import revocation
from trust.validation.report import CertificateInfo, RevocationStatus, SignerIdentity, TimestampInfo

# Subject serialNumber semantics identifiers (ETSI EN 319 412-1 § 5.1.3): PNOEE-38001085718.
_PERSONAL_CODE = re.compile(r"^(PAS|IDC|PNO|TIN)([A-Z]{2}):?-(.+)$")
# organizationIdentifier (ETSI EN 319 412-1 § 5.1.4): NTREE-12345678 is an Estonian registry code.
_LEGAL_ID = re.compile(r"^(VAT|NTR|PSD|LEI)([A-Z]{2}):?-(.+)$")


def timestamp_info(ts_status, tst: asn1_cms.SignedData, gen_time: datetime | None) -> TimestampInfo:
    authority = ""
    if ts_status is not None:
        authority = subject_text(ts_status.signing_cert)
    else:
        try:
            certs = [c.chosen for c in tst["certificates"] if c.name == "certificate"]
            authority = subject_text(certs[0]) if certs else ""
        except (ValueError, KeyError, TypeError):
            pass
    if ts_status is None or not (ts_status.intact and ts_status.valid):
        return TimestampInfo(
            status="invalid",
            time=gen_time,
            authority=authority,
            text=_("The signature's time-stamp is damaged or does not belong to this signature."),
        )
    time = utc(ts_status.timestamp)
    if not ts_status.trusted:
        return TimestampInfo(
            status="untrusted",
            time=time,
            authority=authority,
            text=_("The signature's time-stamp comes from “%(tsa)s”, which this service does not trust.")
            % {"tsa": authority},
        )
    return TimestampInfo(
        status="valid",
        time=time,
        authority=authority,
        text=_("Time-stamped at %(time)s by “%(tsa)s”.") % {"time": when(time), "tsa": authority},
    )


def revocation_status(finding: revocation.Finding, proven_time: datetime | None) -> RevocationStatus:
    where = {"DSS": _("the document security store (DSS)"), "signature": _("the signature")}.get(finding.location, "")
    if finding.status == "none":
        return RevocationStatus(
            status="none", text=_("The document holds no revocation data (CRL or OCSP) for this certificate.")
        )
    facts = {
        "source": finding.source,
        "issued": when(finding.issued_at),
        "where": where,
    }
    if finding.status == "good":
        text = _("Not revoked, according to the %(source)s issued %(issued)s, found in %(where)s.") % facts
    else:
        facts["when"] = when(finding.revoked_at)
        if proven_time is None:
            text = _("Revoked on %(when)s according to the %(source)s issued %(issued)s.") % facts
        elif finding.revoked_at <= proven_time:
            facts["time"] = when(proven_time)
            text = (
                _("Revoked on %(when)s, before the time-stamped signing time %(time)s (%(source)s issued %(issued)s).")
                % facts
            )
        else:
            facts["time"] = when(proven_time)
            text = (
                _(
                    "Revoked on %(when)s, after the time-stamped signing time %(time)s; the signature made "
                    "before the revocation stays valid (%(source)s issued %(issued)s)."
                )
                % facts
            )
    return RevocationStatus(
        status=finding.status,
        text=text,
        revoked_at=finding.revoked_at,
        reason=finding.reason,
        source=finding.source,
        issued_at=finding.issued_at,
        location=finding.location,
    )


def coverage(level: SignatureCoverageLevel | None, revision: int, total: int) -> tuple[str, str]:
    if level == SignatureCoverageLevel.ENTIRE_FILE:
        return "entire_file", _("The signature covers the whole file.")
    if level == SignatureCoverageLevel.ENTIRE_REVISION:
        return "entire_revision", _(
            "The signature covers the document as it was when signed (revision %(revision)s of %(total)s); "
            "the later revisions were added after it."
        ) % {"revision": revision, "total": total}
    if level == SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START:
        return "partial", _("The signature covers only part of the revision it belongs to.")
    return "unclear", _("It is unclear which part of the file the signature covers.")


def modifications(diff) -> tuple[str, str, list[str]]:
    if diff is None:
        return "", "", []
    if isinstance(diff, SuspiciousModification):
        detail = str(diff).strip()[:300]
        text = _("The document was changed after signing in a way that could alter what was signed.")
        if detail:
            text = f"{text} " + _("What changed: %(detail)s") % {"detail": detail}
        return "suspicious", text, []
    level = diff.modification_level
    fields = sorted(diff.changed_form_fields)
    if level == ModificationLevel.NONE:
        return "none", _("Nothing was changed after this signature."), fields
    if level == ModificationLevel.LTA_UPDATES:
        return "lta_updates", _("After this signature, only validation data and time-stamps were added."), fields
    if level == ModificationLevel.FORM_FILLING:
        return (
            "form_filling",
            ngettext(
                "After this signature, a form field was filled in or signed: %(fields)s.",
                "After this signature, form fields were filled in or signed: %(fields)s.",
                len(fields),
            )
            % {"fields": ", ".join(fields) or "—"},
            fields,
        )
    if level == ModificationLevel.ANNOTATIONS:
        text = _("After this signature, comments (annotations) were added or changed.")
    else:
        text = _("The document was changed after signing in a way the signature does not allow.")
    if fields:
        text = f"{text} " + _("Changed form fields: %(fields)s.") % {"fields": ", ".join(fields)}
    return ("annotations" if level == ModificationLevel.ANNOTATIONS else "other"), text, fields


_ATTRS = {
    "common_name": NameOID.COMMON_NAME,
    "given_name": NameOID.GIVEN_NAME,
    "surname": NameOID.SURNAME,
    "organization": NameOID.ORGANIZATION_NAME,
    "country": NameOID.COUNTRY_NAME,
    "serial_number": NameOID.SERIAL_NUMBER,
    "organization_identifier": NameOID.ORGANIZATION_IDENTIFIER,
}


@functools.lru_cache(maxsize=512)
def _from_der(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


def as_crypto(cert: asn1_x509.Certificate | x509.Certificate) -> x509.Certificate:
    """The certificate as a `cryptography` object (its name lookups are much faster than
    asn1crypto's ``.native``). Raises ``ValueError`` for a certificate `cryptography` refuses."""
    return cert if isinstance(cert, x509.Certificate) else _from_der(cert.dump())


def as_crypto_or_none(cert: asn1_x509.Certificate | x509.Certificate) -> x509.Certificate | None:
    try:
        crypto = as_crypto(cert)
        crypto.subject  # noqa: B018 - parsed lazily; force it
        return crypto
    except ValueError:
        return None


def validity(cert: asn1_x509.Certificate | x509.Certificate) -> tuple[datetime, datetime]:
    crypto = as_crypto_or_none(cert)
    if crypto is not None:
        return crypto.not_valid_before_utc, crypto.not_valid_after_utc
    period = cert["tbs_certificate"]["validity"]
    return utc(period["not_before"].native), utc(period["not_after"].native)


_ASN1_KEYS = {
    "common_name": "common_name",
    "given_name": "given_name",
    "surname": "surname",
    "organization": "organization_name",
    "country": "country_name",
    "serial_number": "serial_number",
    "organization_identifier": "organization_identifier",
}


def _asn1_name(name: asn1_x509.Name) -> dict[str, str]:
    native = name.native
    result = {}
    for key, asn1_key in _ASN1_KEYS.items():
        value = native.get(asn1_key, native.get("2.5.4.97", "") if key == "organization_identifier" else "")
        if isinstance(value, list):
            value = value[0] if value else ""
        result[key] = str(value or "")
    return result


def _asn1_name_text(name: asn1_x509.Name) -> str:
    parts = _asn1_name(name)
    text = (
        ", ".join(dict.fromkeys(p for p in (parts["common_name"], parts["organization"]) if p)) or name.human_friendly
    )
    return f"{text} ({parts['country']})" if parts["country"] else text


def _attr(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def identity(cert: asn1_x509.Certificate | x509.Certificate) -> SignerIdentity:
    crypto = as_crypto_or_none(cert)
    if crypto is not None:
        identity = SignerIdentity(name="", **{key: _attr(crypto.subject, oid) for key, oid in _ATTRS.items()})
    else:  # a certificate `cryptography` refuses: read with asn1crypto
        identity = SignerIdentity(name="", **_asn1_name(cert.subject))
    match = _PERSONAL_CODE.match(identity.serial_number)
    if match:
        identity.personal_code_country, identity.personal_code = match.group(2), match.group(3)
    elif identity.country == "EE" and re.fullmatch(r"[1-6]\d{10}", identity.serial_number):
        # ID cards issued before 2018 carry the bare personal code.
        identity.personal_code_country, identity.personal_code = "EE", identity.serial_number
    match = _LEGAL_ID.match(identity.organization_identifier)
    if match and match.group(1) == "NTR":
        identity.registry_country, identity.registry_code = match.group(2), match.group(3)
    if identity.given_name or identity.surname:
        identity.name = " ".join(p.title() for p in (identity.given_name, identity.surname) if p)
    else:
        identity.name = identity.organization or identity.common_name
    return identity


def name_text(name: x509.Name) -> str:
    """ "Common name, Organisation (country)", the parts a person recognises."""
    parts = [_attr(name, NameOID.COMMON_NAME), _attr(name, NameOID.ORGANIZATION_NAME)]
    text = ", ".join(dict.fromkeys(p for p in parts if p)) or name.rfc4514_string()
    country = _attr(name, NameOID.COUNTRY_NAME)
    return f"{text} ({country})" if country else text


def subject_text(cert: asn1_x509.Certificate | x509.Certificate) -> str:
    crypto = as_crypto_or_none(cert)
    return name_text(crypto.subject) if crypto is not None else _asn1_name_text(cert.subject)


def cert_info(cert: asn1_x509.Certificate | x509.Certificate, *, anchor: bool = False) -> CertificateInfo:
    crypto = as_crypto_or_none(cert)
    if crypto is None:
        not_before, not_after = validity(cert)
        return CertificateInfo(
            subject=_asn1_name_text(cert.subject),
            issuer=_asn1_name_text(cert.issuer),
            serial_number=format(cert.serial_number, "X"),
            not_before=not_before,
            not_after=not_after,
            sha256=cert.sha256.hex(),
            is_trust_anchor=anchor,
        )
    return CertificateInfo(
        subject=name_text(crypto.subject),
        issuer=name_text(crypto.issuer),
        serial_number=format(crypto.serial_number, "X"),
        not_before=crypto.not_valid_before_utc,
        not_after=crypto.not_valid_after_utc,
        sha256=crypto.fingerprint(hashes.SHA256()).hex(),
        is_trust_anchor=anchor,
    )


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def when(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.strftime('%Z')}"
