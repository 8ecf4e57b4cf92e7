"""Named validation policies, after SiVa's POLv3 and POLv4.

A policy is data: which PAdES baseline levels are accepted, whether only qualified
signatures and seals pass, the signer's key usage, and the cryptographic constraints
(digest algorithms, each with an optional last date of acceptance, and the smallest RSA
and elliptic-curve keys). The request names the policy (``policy=POLv3``); without one
the service uses ``settings.TRUST_VALIDATION_DEFAULT_POLICY`` (default ``POLv4``, as SiVa).

Both policies share SiVa's common constraints: PAdES B-LT and B-LTA only (a bare B-B or a
B-T without revocation data fails the format check), nonRepudiation in the signer's key
usage, RSA keys of at least 1024 bits, EC keys of at least 256 bits, SHA-1 still accepted
(with a warning), and revocation data issued after the signature's time-stamp.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from asn1crypto import algos, keys
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from pyhanko.sign.validation.utils import CMSAlgorithmUsagePolicy
from pyhanko_certvalidator.policy_decl import AlgorithmUsageConstraint

POLV3 = "POLv3"
POLV4 = "POLv4"
DEFAULT_POLICY = POLV4

ACCEPTED_LEVELS = frozenset({"B-LT", "B-LTA"})
# Digest algorithms and the last moment a signature made with them is accepted (None: no end).
DIGESTS: dict[str, datetime | None] = {
    "sha1": None,
    "sha224": None,
    "sha256": None,
    "sha384": None,
    "sha512": None,
    "sha3_256": None,
    "sha3_384": None,
    "sha3_512": None,
}
WEAK_DIGESTS = frozenset({"sha1"})


@dataclass(frozen=True)
class Policy:
    name: str
    title: str
    description: str
    url: str
    qualified_only: bool
    accepted_levels: frozenset[str] = ACCEPTED_LEVELS
    digests: dict[str, datetime | None] = field(default_factory=lambda: dict(DIGESTS))
    weak_digests: frozenset[str] = WEAK_DIGESTS
    min_rsa_bits: int = 1024
    min_ec_bits: int = 256
    require_non_repudiation: bool = True
    # SiVa: OCSP produced more than this after the signature time-stamp gets a warning.
    ocsp_freshness_warning: timedelta = timedelta(minutes=15)
    # How much earlier than the time-stamp an OCSP response may be produced (SiVa: none).
    ocsp_before_timestamp_tolerance: timedelta = timedelta(0)

    def digest_problem(self, name: str, moment: datetime | None) -> str:
        """Why the digest algorithm ``name`` is not accepted at ``moment``; "" if it is."""
        if name not in self.digests:
            return str(_("The digest algorithm %(algorithm)s is not accepted by the policy.") % {"algorithm": name})
        until = self.digests[name]
        if until is not None and (moment or datetime.now(UTC)) > until:
            return str(
                _("The digest algorithm %(algorithm)s is accepted only until %(date)s.")
                % {"algorithm": name, "date": until.date().isoformat()}
            )
        return ""

    def key_problem(self, public_key: keys.PublicKeyInfo) -> str:
        """Why the key is too weak for the policy; "" if it is accepted."""
        from trust.validation.lenient import unsigned_modulus_key

        public_key = unsigned_modulus_key(public_key) or public_key
        try:
            kind = public_key.algorithm
            bits = public_key.bit_size
        except (ValueError, KeyError, TypeError):
            return str(_("The key's algorithm is not recognised."))
        if kind in ("rsa", "rsassa_pss"):
            if bits < self.min_rsa_bits:
                return str(
                    _("The RSA key has %(bits)s bits; the policy requires at least %(min)s.")
                    % {"bits": bits, "min": self.min_rsa_bits}
                )
        elif kind == "ec":
            if bits < self.min_ec_bits:
                return str(
                    _("The elliptic-curve key has %(bits)s bits; the policy requires at least %(min)s.")
                    % {"bits": bits, "min": self.min_ec_bits}
                )
        elif kind not in ("ed25519", "ed448"):
            return str(_("The key algorithm %(algorithm)s is not accepted by the policy.") % {"algorithm": kind})
        return ""

    def algorithms(self) -> PolicyAlgorithms:
        return PolicyAlgorithms(self)

    def as_dict(self) -> dict[str, str]:
        return {
            "policyName": self.name,
            "policyDescription": str(self.description),
            "policyUrl": self.url,
        }


class PolicyAlgorithms(CMSAlgorithmUsagePolicy):
    """The policy's cryptographic constraints in the form pyHanko and its certificate
    validator consult (instead of their own defaults, which refuse SHA-1 and RSA < 2048)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def digest_algorithm_allowed(
        self, algo: algos.DigestAlgorithm, moment: datetime | None
    ) -> AlgorithmUsageConstraint:
        problem = self.policy.digest_problem(algo["algorithm"].native, moment)
        return AlgorithmUsageConstraint(allowed=not problem, failure_reason=problem or None)

    def signature_algorithm_allowed(
        self,
        algo: algos.SignedDigestAlgorithm,
        moment: datetime | None,
        public_key: keys.PublicKeyInfo | None,
    ) -> AlgorithmUsageConstraint:
        try:
            hash_algo = algo.hash_algo
        except ValueError:
            hash_algo = None
        problem = self.policy.digest_problem(hash_algo, moment) if hash_algo else ""
        if not problem and public_key is not None:
            problem = self.policy.key_problem(public_key)
        return AlgorithmUsageConstraint(allowed=not problem, failure_reason=problem or None)


POLICIES: dict[str, Policy] = {
    POLV3: Policy(
        name=POLV3,
        title=_("Any eIDAS level (POLv3)"),
        description=_(
            "Electronic signatures and seals of any legal level under Regulation (EU) No 910/2014 "
            "(advanced, advanced with a qualified certificate, or qualified) pass when they are valid."
        ),
        url="http://open-eid.github.io/SiVa/siva3/appendix/validation_policy/#POLv3",
        qualified_only=False,
    ),
    POLV4: Policy(
        name=POLV4,
        title=_("Qualified only (POLv4)"),
        description=_(
            "Only qualified electronic signatures and qualified electronic seals under Regulation (EU) "
            "No 910/2014 pass; advanced signatures, even with a qualified certificate, do not."
        ),
        url="http://open-eid.github.io/SiVa/siva3/appendix/validation_policy/#POLv4",
        qualified_only=True,
    ),
}


def default_policy_name() -> str:
    name = getattr(settings, "TRUST_VALIDATION_DEFAULT_POLICY", DEFAULT_POLICY)
    return name if name in POLICIES else DEFAULT_POLICY


def get_policy(name: str | None) -> Policy:
    """The named policy; ``None`` or "" means the default. Raises ``KeyError`` for an unknown name."""
    if not name:
        return POLICIES[default_policy_name()]
    for key, policy in POLICIES.items():
        if key.lower() == name.strip().lower():
            return policy
    raise KeyError(name)


def choices() -> list[tuple[str, str]]:
    return [(p.name, p.title) for p in POLICIES.values()]
