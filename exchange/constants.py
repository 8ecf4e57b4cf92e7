"""Names, states and tunable rules of the data exchange layer (estonia-facts §4)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class MemberState(models.TextChoices):
    APPLIED = "applied", _("Applied, waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    SUSPENDED = "suspended", _("Suspended")


class SigningSide(models.TextChoices):
    PROVIDER = "provider", _("Provider")
    CONSUMER = "consumer", _("Consumer")


class ReaderKind(models.TextChoices):
    OFFICIAL = "official", _("An official inside an agency")
    AGENCY = "agency", _("Another agency, through the exchange")
    MEMBER = "member", _("A member, through the exchange")


# Refusal codes: the API's problem type is urn:problem:<code>.
class Refusal(models.TextChoices):
    UNKNOWN_SERVICE = "unknown_service", _("There is no such service.")
    NO_AGREEMENT = "no_agreement", _("No agreement allows this consumer to use this service.")
    AGREEMENT_ENDED = "agreement_ended", _("The agreement for this service has ended.")
    AGREEMENT_SUSPENDED = "agreement_suspended", _("The agreement for this service is suspended.")
    AGREEMENT_NOT_YET_VALID = "agreement_not_yet_valid", _("The agreement for this service is not valid yet.")
    PURPOSE_MISSING = "purpose_missing", _("Every query must state its purpose.")
    LEGAL_BASIS_MISSING = (
        "legal_basis_missing",
        _("Person data needs the legal basis or the person's consent reference."),
    )
    UNKNOWN_SUBJECT = "unknown_subject", _("The provider knows no subject with this code.")
    MEMBER_NOT_APPROVED = "member_not_approved", _("The member is not approved.")


MEMBER_FEE_CODE = "exchange_membership_annual"  # dated fee data in payments, when charged
USAGE_FEE_CODE = "exchange_query"


def member_rate() -> str:
    """Requests a member may make (DRF throttle rate); a member's own limit overrides it."""
    return str(setting("EXCHANGE_MEMBER_RATE", "600/minute"))


def max_request_bytes() -> int:
    return int(setting("EXCHANGE_MAX_REQUEST_BYTES", 16 * 1024))


def batch_size() -> int:
    """Messages per time-stamped batch of the message log (X-Road stamps in batches)."""
    return int(setting("EXCHANGE_TIMESTAMP_BATCH", 1000))


def dpo_daily_threshold() -> int:
    """Reads per reader and day above which the DPO view asks why (also 3x the median)."""
    return int(setting("EXCHANGE_DPO_DAILY_READS", 50))


def withheld_official_roles() -> frozenset[str]:
    """Roles whose officials' names the Data Tracker does not show (only the role)."""
    return frozenset(setting("EXCHANGE_TRACKER_WITHHELD_ROLES", ()))
