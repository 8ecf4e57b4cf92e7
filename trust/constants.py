"""Names, profiles and limits of the trust services. Values a deployment may want to change
are read from settings with a default here (``TRUST_ORGANISATION``, ``TRUST_SEALS``, …)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from cryptography import x509
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    ROOT_CA = "root_ca", _("Root CA")
    ISSUING_CA = "issuing_ca", _("Issuing CA")
    TSA = "tsa", _("Time-stamping unit")
    OCSP_RESPONDER = "ocsp_responder", _("OCSP responder")
    SEAL = "seal", _("Organisation seal")
    PERSON_AUTH = "person_auth", _("Authentication (PIN1)")
    PERSON_SIGN = "person_sign", _("Digital signature (PIN2)")


class CertificateStatus(models.TextChoices):
    NEW = "new", _("Not yet issued")
    VALID = "valid", _("Valid")
    ON_HOLD = "on_hold", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class RevocationReason(models.TextChoices):
    """RFC 5280 CRLReason values that an official may give (certificateHold is a suspension)."""

    UNSPECIFIED = "unspecified", _("Unspecified")
    KEY_COMPROMISE = "key_compromise", _("Key compromise")
    CA_COMPROMISE = "ca_compromise", _("CA compromise")
    AFFILIATION_CHANGED = "affiliation_changed", _("Affiliation changed")
    SUPERSEDED = "superseded", _("Superseded")
    CESSATION_OF_OPERATION = "cessation_of_operation", _("Cessation of operation")
    PRIVILEGE_WITHDRAWN = "privilege_withdrawn", _("Privilege withdrawn")

    @property
    def flag(self) -> x509.ReasonFlags:
        return x509.ReasonFlags[self.value]


class KeyRole(models.TextChoices):
    AUTH = "auth", _("Authentication key (PIN1)")
    SIGN = "sign", _("Signing key (PIN2)")


# CA slugs: they appear in the /pki/ URLs baked into every certificate, so never rename one.
ROOT_SLUG = "root"
EID_CA_SLUG = "eresident-id"
SEAL_CA_SLUG = "org-seal"

# PIN and PUK lengths of the Estonian ID card (id.ee); 3 wrong entries block.
PIN1_LENGTH = (4, 12)
PIN2_LENGTH = (5, 12)
PUK_LENGTH = (8, 12)
ISSUED_PIN1_DIGITS = 4
ISSUED_PIN2_DIGITS = 5
ISSUED_PUK_DIGITS = 8
MAX_TRIES = 3

# Validity periods. The e-resident card's certificates are valid 5 years (cards since 2018-05-01).
ROOT_VALIDITY = timedelta(days=20 * 365)
ISSUING_CA_VALIDITY = timedelta(days=12 * 365)
SERVICE_VALIDITY = timedelta(days=10 * 365)  # TSA and OCSP responders
SEAL_VALIDITY = timedelta(days=5 * 365)
PERSON_VALIDITY = timedelta(days=5 * 365)
# Back-dating absorbs small clock differences between this server and validators.
BACKDATE = timedelta(minutes=5)

# CRLs: issuing CAs publish daily, the root weekly; a CRL is re-signed lazily when it is
# served within REFRESH_MARGIN of its nextUpdate.
ISSUING_CRL_VALIDITY = timedelta(hours=24)
ROOT_CRL_VALIDITY = timedelta(days=7)
CRL_REFRESH_FRACTION = 0.25
OCSP_RESPONSE_VALIDITY = timedelta(hours=1)

# Argon2id cost for person keys (RFC 9106 second recommended option uses t=3, m=64 MiB).
KDF_ITERATIONS = 3
KDF_LANES = 1

# Arc 2.999 is the ITU-T "example" arc: placeholders until a deployment registers its own OIDs.
DEFAULT_TSA_POLICY_OID = "2.999.1.3161"


@dataclass(frozen=True)
class SealProfile:
    slug: str
    name: str
    registry_code: str

    @property
    def organization_identifier(self) -> str:
        # ETSI EN 319 412-1 semantics identifier: NTR (national trade register) + country + code.
        return f"NTREE-{self.registry_code}"


# Registry codes of the real Estonian bodies each seal stands for (public data from the
# Business Register): Police and Border Guard Board 70008747, Centre of Registers and
# Information Systems (keeps the e-Business Register) 70000310, Tax and Customs Board
# 70000349. The "system" seal is this platform's own; its code is a placeholder.
# Override any of them with settings.TRUST_SEALS = {"slug": {"name": ..., "registry_code": ...}}.
DEFAULT_SEALS: dict[str, dict[str, str]] = {
    "identity_board": {"name": "Politsei- ja Piirivalveamet", "registry_code": "70008747"},
    "business_register": {"name": "Registrite ja Infosüsteemide Keskus", "registry_code": "70000310"},
    "tax_board": {"name": "Maksu- ja Tolliamet", "registry_code": "70000349"},
    "system": {"name": "e-Residency Platform", "registry_code": "00000000"},
}


def seal_profiles() -> dict[str, SealProfile]:
    configured = {**DEFAULT_SEALS, **getattr(settings, "TRUST_SEALS", {})}
    return {slug: SealProfile(slug=slug, **values) for slug, values in configured.items()}


def organisation_name() -> str:
    return getattr(settings, "TRUST_ORGANISATION", "e-Residency Trust Services")


def tsa_policy_oid() -> str:
    return getattr(settings, "TRUST_TSA_POLICY_OID", DEFAULT_TSA_POLICY_OID)


def kdf_memory_kib() -> int:
    return int(getattr(settings, "TRUST_KDF_MEMORY_KIB", 64 * 1024))
