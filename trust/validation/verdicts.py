"""From pyHanko's findings, the independent revocation reading and the policy to a verdict
(TOTAL-PASSED, TOTAL-FAILED, INDETERMINATE), an ETSI EN 319 102-1 sub-indication and the
reason in words, as DSS and SiVa give them.

The rules run in DSS's order and the first that fails decides; every rule that ran is
recorded in ``result.checks`` (the detailed report):

format (accepted baseline levels) → integrity (the signed bytes) → cryptographic
constraints (digest algorithm, key size) → signature time-stamp → revocation against the
proof of existence → revocation freshness → validity period at the proven time → trust
chain and key usage → legal level (POLv4: qualified only).

Changes made after signing are warnings, never failures, unless the signed bytes changed
(that is the integrity rule).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.sign.ades.report import AdESIndeterminate

from trust.validation import describe, policies, qualification, revocation
from trust.validation.report import FAILED, INDETERMINATE, PASSED, SignatureResult

# A signer's clock and the TSA's may disagree a little; more than this is reported.
CLOCK_SKEW = timedelta(minutes=5)
# The time-stamp should follow the signature promptly (ETSI's "time-stamp delay").
TIMESTAMP_DELAY = timedelta(hours=24)


class _Decided(Exception):
    pass


def judge(
    result: SignatureResult,
    status,
    finding: revocation.Finding,
    proven_time: datetime | None,
    validated_at: datetime,
    signer: asn1_x509.Certificate,
    *,
    policy: policies.Policy,
    quality: qualification.Qualification,
) -> None:
    """Set verdict, sub-indication and reason. The first rule that fails decides."""

    def fail(rule: str, verdict: str, sub: str, reason: str) -> None:
        result.verdict, result.sub_indication, result.reason = verdict, sub, reason
        result.add_check(rule, verdict, reason)
        raise _Decided()

    def ok(rule: str, text: str) -> None:
        result.add_check(rule, PASSED, text)

    try:
        _rules(result, status, finding, proven_time, validated_at, signer, policy, quality, fail, ok)
    except _Decided:
        return


def _rules(result, status, finding, proven_time, validated_at, signer, policy, quality, fail, ok) -> None:
    # 1. Format: the baseline levels the policy accepts.
    if result.level not in policy.accepted_levels:
        fail(
            "format",
            FAILED,
            "FORMAT_FAILURE",
            _("The signature is PAdES %(level)s; the policy %(policy)s accepts only %(accepted)s.")
            % {"level": result.level, "policy": policy.name, "accepted": ", ".join(sorted(policy.accepted_levels))},
        )
    ok("format", _("PAdES %(level)s, accepted by the policy.") % {"level": result.level})

    # 2. Integrity of the signed bytes and the cryptographic signature.
    if not status.intact:
        fail(
            "integrity",
            FAILED,
            "HASH_FAILURE",
            _("The document was changed after signing: the signed content no longer matches the signature."),
        )
    if not status.valid:
        fail("integrity", FAILED, "SIG_CRYPTO_FAILURE", _("The cryptographic signature does not verify."))
    if result.coverage in ("partial", "unclear"):
        fail("integrity", FAILED, "FORMAT_FAILURE", result.coverage_text)
    ok("integrity", _("The signed content matches the signature."))

    # 3. Cryptographic constraints of the policy, at the proven time (or now).
    moment = proven_time or validated_at
    problem = policy.digest_problem(result.digest_algorithm, moment) if result.digest_algorithm else ""
    problem = problem or policy.key_problem(_public_key(signer))
    if problem:
        fail("crypto_constraints", INDETERMINATE, "CRYPTO_CONSTRAINTS_FAILURE_NO_POE", problem)
    ok(
        "crypto_constraints",
        _("%(digest)s with %(mechanism)s, accepted by the policy.")
        % {"digest": result.digest_algorithm, "mechanism": result.signature_algorithm},
    )

    # The basic validation finds no chain before anything about time is considered.
    if status.trust_problem_indic is AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        result.trust_text = _("The certificate does not lead to a trusted root.")
        fail(
            "chain",
            INDETERMINATE,
            "NO_CERTIFICATE_CHAIN_FOUND",
            _(
                "The signer's certificate was issued by “%(issuer)s”, which does not lead to any root "
                "certificate this service trusts."
            )
            % {"issuer": result.certificate.issuer if result.certificate else "?"},
        )

    # 4. The signature time-stamp.
    ts = result.timestamp
    if ts is not None and ts.status == "invalid":
        fail("timestamp", FAILED, "FORMAT_FAILURE", ts.text)
    if ts is not None and ts.status == "untrusted":
        fail("timestamp", INDETERMINATE, "NO_POE", ts.text)
    if ts is not None:
        ok("timestamp", ts.text)

    # 5. Revocation against the proof of existence (EN 319 102-1 past signature validation).
    if finding.status == "revoked" and (proven_time is None or finding.revoked_at <= proven_time):
        if proven_time is None:
            reason = _(
                "The signer's certificate was revoked on %(when)s and the signature has no time-stamp "
                "proving it was made before that."
            ) % {"when": describe.when(finding.revoked_at)}
        else:
            reason = _(
                "The signer's certificate was revoked on %(when)s, before the time-stamped signing time %(time)s: "
                "nothing proves the signature existed before the revocation."
            ) % {"when": describe.when(finding.revoked_at), "time": describe.when(proven_time)}
        fail("revocation", INDETERMINATE, "REVOKED_NO_POE", reason)
    if finding.status != "none":
        ok("revocation", result.revocation.text)

    # 6. Freshness: revocation data issued after the signature's time-stamp.
    if finding.status != "none" and proven_time is not None:
        # producedAt has whole seconds; a genTime with a fraction in the same second is not later.
        if (
            finding.source == "OCSP"
            and finding.produced_at is not None
            and finding.produced_at < proven_time.replace(microsecond=0) - policy.ocsp_before_timestamp_tolerance
        ):
            fail(
                "revocation_freshness",
                INDETERMINATE,
                "TRY_LATER",
                _(
                    "The OCSP response was produced at %(produced)s, before the time-stamped signing time %(time)s: "
                    "it does not show the certificate's status at signing."
                )
                % {"produced": describe.when(finding.produced_at), "time": describe.when(proven_time)},
            )
        if finding.source == "CRL" and finding.next_update is not None and finding.next_update < proven_time:
            fail(
                "revocation_freshness",
                INDETERMINATE,
                "TRY_LATER",
                _("The CRL's next update %(next)s is before the time-stamped signing time %(time)s.")
                % {"next": describe.when(finding.next_update), "time": describe.when(proven_time)},
            )
        if (
            finding.source == "OCSP"
            and finding.produced_at is not None
            and finding.produced_at - proven_time > policy.ocsp_freshness_warning
        ):
            result.warnings.append(
                _("The revocation data is not fresh: the OCSP response was produced %(delay)s after the time-stamp.")
                % {"delay": _duration(finding.produced_at - proven_time)}
            )
        ok("revocation_freshness", _("The revocation data was issued after the time-stamp."))

    # 7. Validity period of the signer's certificate at the proven time.
    not_before, not_after = describe.validity(signer)
    if moment > not_after or moment < not_before:
        if proven_time is None:
            fail(
                "validity_period",
                INDETERMINATE,
                "OUT_OF_BOUNDS_NO_POE",
                _(
                    "The signer's certificate is valid from %(start)s to %(end)s and the signature has no "
                    "time-stamp proving when it was made."
                )
                % {"start": describe.when(not_before), "end": describe.when(not_after)},
            )
        if moment > not_after:
            fail(
                "validity_period",
                FAILED,
                "EXPIRED",
                _("The signer's certificate expired on %(end)s, before the time-stamped signing time %(time)s.")
                % {"end": describe.when(not_after), "time": describe.when(proven_time)},
            )
        fail(
            "validity_period",
            FAILED,
            "NOT_YET_VALID",
            _("The signer's certificate became valid only on %(start)s, after the time-stamped signing time %(time)s.")
            % {"start": describe.when(not_before), "time": describe.when(proven_time)},
        )
    ok("validity_period", _("The signer's certificate was valid at %(time)s.") % {"time": describe.when(moment)})

    # 8. Trust chain, revocation data present, key usage.
    indic = status.trust_problem_indic
    if indic is not None:
        name = indic.standard_name
        if indic is AdESIndeterminate.REVOKED_NO_POE:
            fail("chain", INDETERMINATE, "REVOKED_NO_POE", result.revocation.text)
        if indic is AdESIndeterminate.REVOKED_CA_NO_POE:
            fail(
                "chain",
                INDETERMINATE,
                name,
                _("A certificate authority in the signer's chain was revoked before signing."),
            )
        if indic is AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
            result.trust_text = _("The certificate does not lead to a trusted root.")
            fail(
                "chain",
                INDETERMINATE,
                name,
                _(
                    "The signer's certificate was issued by “%(issuer)s”, which does not lead to any root "
                    "certificate this service trusts."
                )
                % {"issuer": result.certificate.issuer if result.certificate else "?"},
            )
        if indic is AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE:
            fail(
                "key_usage",
                INDETERMINATE,
                name,
                _(
                    "The signer's certificate may not be used for this signature: the policy requires "
                    "nonRepudiation in its key usage."
                )
                if policy.require_non_repudiation
                else _("The signer's certificate may not be used for signatures (key usage or certificate policy)."),
            )
        if indic is AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE:
            fail(
                "crypto_constraints",
                INDETERMINATE,
                name,
                _("A certificate in the signer's chain uses an algorithm or key size the policy does not accept."),
            )
        if finding.status == "none":
            fail(
                "revocation",
                INDETERMINATE,
                "TRY_LATER" if name == "CERTIFICATE_CHAIN_GENERAL_FAILURE" else name,
                _(
                    "The document holds no revocation data (CRL or OCSP) for the signer's certificate, so its "
                    "status at the signing time cannot be established."
                ),
            )
        if name in ("TRY_LATER", "CERTIFICATE_CHAIN_GENERAL_FAILURE"):
            fail(
                "revocation",
                INDETERMINATE,
                name,
                _(
                    "The revocation data in the document does not cover the signing time, so the certificate's "
                    "status at that time cannot be established."
                ),
            )
        fail(
            "chain",
            INDETERMINATE,
            name,
            _("The signer's certificate chain could not be validated (%(code)s).") % {"code": name},
        )
    if not status.trusted:
        fail("chain", INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE", _("The signer's certificate is not trusted."))
    if status.seed_value_constraint_error is not None:
        fail(
            "signature_field",
            FAILED,
            "SIG_CONSTRAINTS_FAILURE",
            _("The signature does not meet the requirements of its signature field."),
        )
    result.trust_text = _("The certificate leads to the trusted root “%(root)s”.") % {
        "root": result.chain[0].subject if result.chain else ""
    }
    ok("chain", result.trust_text)

    # 9. Legal level.
    if policy.qualified_only and not (quality.is_qes or (quality.seal and quality.qualified)):
        fail(
            "qualification",
            FAILED,
            "",
            _(
                "The signature level %(level)s does not meet the minimal level required by the policy %(policy)s "
                "(a qualified electronic signature or seal)."
            )
            % {"level": quality.level, "policy": policy.name},
        )
    ok("qualification", _("Signature level %(level)s.") % {"level": quality.level})

    result.verdict, result.sub_indication = PASSED, ""
    if proven_time is not None:
        result.reason = _("The signature is valid. It was made no later than %(time)s (time-stamp).") % {
            "time": describe.when(proven_time)
        }
    else:  # pragma: no cover - the format rule requires a time-stamp
        result.reason = _("The signature is valid, but nothing proves when it was made (no time-stamp).")


def _public_key(cert: asn1_x509.Certificate):
    from trust.validation import lenient

    return lenient.unsigned_modulus_key(cert.public_key) or cert.public_key


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return _("%(minutes)s min") % {"minutes": minutes}
    return _("%(hours)s h") % {"hours": minutes // 60}


def warn(result: SignatureResult, subfilter: str, status, policy: policies.Policy) -> None:
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
    if result.digest_algorithm in policy.weak_digests:
        warnings.append(
            _("The signature uses the weak digest algorithm %(algorithm)s, which the policy still accepts.")
            % {"algorithm": result.digest_algorithm}
        )
    # Changes after signing: reported with what changed, never a failure by themselves.
    if result.modifications in ("other", "suspicious", "annotations"):
        warnings.append(result.modifications_text)
    if status.docmdp_ok is False:
        warnings.append(
            _("The document was certified against such changes, yet changed after signing: %(changes)s")
            % {"changes": result.modifications_text}
        )
    rev = result.revocation
    if rev is not None and rev.status == "revoked" and result.verdict == PASSED:
        warnings.append(rev.text)
