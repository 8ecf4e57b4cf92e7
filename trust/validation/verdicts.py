"""From pyHanko's findings and the independent revocation reading to a verdict
(TOTAL-PASSED, TOTAL-FAILED, INDETERMINATE), an ETSI EN 319 102-1 sub-indication and the
reason in words. The first problem found decides, in this order: integrity, coverage and
later changes, the time-stamp, revocation before the proven signing time, certificate
validity at that time, the trust chain."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from django.utils.translation import gettext as _
from pyhanko.sign.ades.report import AdESIndeterminate

from trust.validation import describe, revocation
from trust.validation.report import FAILED, INDETERMINATE, PASSED, SignatureResult

# A signer's clock and the TSA's may disagree a little; more than this is reported.
CLOCK_SKEW = timedelta(minutes=5)
# The time-stamp should follow the signature promptly (ETSI's "time-stamp delay").
TIMESTAMP_DELAY = timedelta(hours=24)


def judge(
    result: SignatureResult,
    status,
    finding: revocation.Finding,
    proven_time: datetime | None,
    validated_at: datetime,
    signer: x509.Certificate,
) -> None:
    """Set verdict, sub-indication and reason. The first problem found decides."""

    def verdict(v: str, sub: str, reason: str) -> None:
        result.verdict, result.sub_indication, result.reason = v, sub, reason

    if not status.intact:
        return verdict(
            FAILED,
            "HASH_FAILURE",
            _("The document was changed after signing: the signed content no longer matches the signature."),
        )
    if not status.valid:
        return verdict(FAILED, "SIG_CRYPTO_FAILURE", _("The cryptographic signature does not verify."))
    if result.coverage in ("partial", "unclear"):
        return verdict(FAILED, "FORMAT_FAILURE", result.coverage_text)
    if result.modifications in ("other", "suspicious"):
        return verdict(FAILED, "FORMAT_FAILURE", result.modifications_text)
    if status.docmdp_ok is False:
        return verdict(
            FAILED,
            "FORMAT_FAILURE",
            _("The document was certified against such changes, yet changed after signing: %(changes)s")
            % {"changes": result.modifications_text},
        )
    ts = result.timestamp
    if ts is not None and ts.status == "invalid":
        return verdict(FAILED, "FORMAT_FAILURE", ts.text)

    # The revocation time compared with the proven signing time (the time-stamp's genTime).
    if finding.status == "revoked":
        if proven_time is not None and finding.revoked_at <= proven_time:
            return verdict(FAILED, "REVOKED", result.revocation.text)
        if proven_time is None:
            return verdict(
                INDETERMINATE,
                "REVOKED_NO_POE",
                _(
                    "The signer's certificate was revoked on %(when)s and the signature has no time-stamp "
                    "proving it was made before that."
                )
                % {"when": describe.when(finding.revoked_at)},
            )

    moment = proven_time or validated_at
    not_before, not_after = signer.not_valid_before_utc, signer.not_valid_after_utc
    if moment > not_after or moment < not_before:
        expired = moment > not_after
        if proven_time is None:
            return verdict(
                INDETERMINATE,
                "OUT_OF_BOUNDS_NO_POE",
                _(
                    "The signer's certificate is valid from %(start)s to %(end)s and the signature has no "
                    "time-stamp proving when it was made."
                )
                % {"start": describe.when(not_before), "end": describe.when(not_after)},
            )
        if expired:
            return verdict(
                FAILED,
                "EXPIRED",
                _("The signer's certificate expired on %(end)s, before the time-stamped signing time %(time)s.")
                % {"end": describe.when(not_after), "time": describe.when(proven_time)},
            )
        return verdict(
            FAILED,
            "NOT_YET_VALID",
            _("The signer's certificate became valid only on %(start)s, after the time-stamped signing time %(time)s.")
            % {"start": describe.when(not_before), "time": describe.when(proven_time)},
        )

    indic = status.trust_problem_indic
    if indic is not None:
        name = indic.standard_name
        if indic in (AdESIndeterminate.REVOKED_NO_POE,):
            return verdict(FAILED, "REVOKED", result.revocation.text)
        if indic is AdESIndeterminate.REVOKED_CA_NO_POE:
            return verdict(
                FAILED, "REVOKED", _("A certificate authority in the signer's chain was revoked before signing.")
            )
        if indic is AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
            result.trust_text = _("The certificate does not lead to a trusted root.")
            return verdict(
                INDETERMINATE,
                name,
                _(
                    "The signer's certificate was issued by “%(issuer)s”, which does not lead to any root "
                    "certificate this service trusts."
                )
                % {"issuer": result.certificate.issuer if result.certificate else "?"},
            )
        if indic is AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE:
            return verdict(
                INDETERMINATE,
                name,
                _("The signer's certificate may not be used for signatures (key usage or certificate policy)."),
            )
        if finding.status == "none":
            return verdict(
                INDETERMINATE,
                "REVOCATION_OUT_OF_BOUNDS_NO_POE" if name == "CERTIFICATE_CHAIN_GENERAL_FAILURE" else name,
                _(
                    "The document holds no revocation data (CRL or OCSP) for the signer's certificate, so its "
                    "status at the signing time cannot be established."
                ),
            )
        if name in ("TRY_LATER", "CERTIFICATE_CHAIN_GENERAL_FAILURE"):
            return verdict(
                INDETERMINATE,
                name,
                _(
                    "The revocation data in the document does not cover the signing time, so the certificate's "
                    "status at that time cannot be established."
                ),
            )
        return verdict(
            INDETERMINATE, name, _("The signer's certificate chain could not be validated (%(code)s).") % {"code": name}
        )
    if ts is not None and ts.status == "untrusted":
        return verdict(INDETERMINATE, "NO_POE", ts.text)
    if not status.trusted:
        return verdict(
            INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE", _("The signer's certificate is not trusted.")
        )
    if status.seed_value_constraint_error is not None:
        return verdict(
            FAILED, "SIG_CONSTRAINTS_FAILURE", _("The signature does not meet the requirements of its signature field.")
        )
    result.trust_text = _("The certificate leads to the trusted root “%(root)s”.") % {
        "root": result.chain[0].subject if result.chain else ""
    }
    if proven_time is not None:
        reason = _("The signature is valid. It was made no later than %(time)s (time-stamp).") % {
            "time": describe.when(proven_time)
        }
    else:
        reason = _("The signature is valid, but nothing proves when it was made (no time-stamp).")
    return verdict(PASSED, "", reason)


def warn(result: SignatureResult, subfilter: str) -> None:
    warnings = result.warnings
    if not result.trust_text and result.chain:
        result.trust_text = _("The certificate chain was built up to “%(root)s”.") % {"root": result.chain[0].subject}
    if result.timestamp is None:
        warnings.append(
            _("The signature has no time-stamp: the signing time is only what the signer's computer claimed.")
        )
    claimed, proven = result.claimed_signing_time, result.proven_signing_time
    if claimed and proven:
        if claimed > proven + CLOCK_SKEW:
            warnings.append(
                _("The claimed signing time %(claimed)s is later than the time-stamp %(proven)s.")
                % {"claimed": describe.when(claimed), "proven": describe.when(proven)}
            )
        elif proven - claimed > TIMESTAMP_DELAY:
            warnings.append(
                _("The time-stamp was added more than a day after the claimed signing time %(claimed)s.")
                % {"claimed": describe.when(claimed)}
            )
    if result.signature_format != "PAdES":
        warnings.append(
            _("The signature uses the older Adobe PKCS#7 format (SubFilter %(subfilter)s), not PAdES.")
            % {"subfilter": subfilter}
        )
    rev = result.revocation
    if rev is not None and rev.status == "revoked" and result.verdict == PASSED:
        warnings.append(rev.text)


# --- document time-stamps -------------------------------------------------------------------
