"""Names, states and tunable rules of the e-resident's digital ID (estonia-facts §1.5-§1.7).

Numbers the law or the service promises are read from settings with the real values as
defaults, so an operator can change them without a code change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PICKUP_CHANGE_PURPOSE = "digital_id_pickup_change"
RENEWAL_PURPOSE = "digital_id_renewal"
RENEWAL_FEE_CODE = "eresidency_state_fee"  # renewal costs the same as a new application (§1.7)

# Purposes written into the access log.
ACCESS_PICKUP = "hand-over of the e-resident's digital ID at the pick-up point"
ACCESS_REGISTRY = "management of the e-resident's digital ID"
ACCESS_PUBLIC_CHECK = "public validity check of a digital ID"
PUBLIC_CHECK_CONSUMER = "public-check"

# Journal actors for system work.
TASK_MANUFACTURE = "task:digital_id_manufacture"
TASK_EXPIRY = "task:digital_id_expiry"
TASK_RENEWAL = "task:digital_id_renewal"

# e-resident cards: "N" and seven digits.
DOCUMENT_NUMBER_PREFIX = "N"
DOCUMENT_NUMBER_DIGITS = 7


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def pickup_window_months() -> int:
    from eresidency.constants import pickup_window_months as eresidency_window

    return int(eresidency_window())  # collect within 6 months of arrival


def renewal_notice_months() -> int:
    return int(setting("DIGITAL_ID_RENEWAL_NOTICE_MONTHS", 3))  # PPA reminds 3 months ahead


def challenge_seconds() -> int:
    return int(setting("DIGITAL_ID_CHALLENGE_SECONDS", 120))


def sign_max_bytes() -> int:
    return int(setting("DIGITAL_ID_SIGN_MAX_BYTES", 10 * 1024 * 1024))


class IdState(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    MANUFACTURED = "manufactured", _("Made, on its way to the pick-up point")
    AT_PICKUP_POINT = "at_pickup_point", _("Waiting at the pick-up point")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


PRE_ISSUE_STATES = frozenset({IdState.ORDERED, IdState.MANUFACTURED, IdState.AT_PICKUP_POINT})
IN_USE_STATES = frozenset({IdState.ACTIVE, IdState.SUSPENDED})
FINAL_STATES = frozenset({IdState.REVOKED, IdState.EXPIRED})
# While it is not handed over, the holder may still move the card to another point.
MOVABLE_STATES = PRE_ISSUE_STATES


class PublicAnswer(models.TextChoices):
    """What the public check may say: nothing else about the card or its holder."""

    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    UNKNOWN = "unknown", _("Unknown")


class ExpiryReason(models.TextChoices):
    VALIDITY_ENDED = "validity_ended", _("Its validity ended")
    UNCOLLECTED = "uncollected", _("Not collected within the pick-up period")


class RevocationChoice(models.TextChoices):
    """Reasons an identity official gives; each maps to an RFC 5280 CRLReason."""

    KEY_COMPROMISE = "key_compromise", _("Card or PIN codes lost or stolen (key compromise)")
    PRIVILEGE_WITHDRAWN = "privilege_withdrawn", _("e-Residency withdrawn after a risk assessment")
    CESSATION_OF_OPERATION = "cessation_of_operation", _("The holder gave up e-Residency")
    AFFILIATION_CHANGED = "affiliation_changed", _("The holder's data changed")
    SUPERSEDED = "superseded", _("Replaced by a new digital ID")
    UNSPECIFIED = "unspecified", _("Other reason")


class HolderRevocationReason(models.TextChoices):
    LOST = "key_compromise", _("My card or PIN codes are lost or stolen")
    GIVE_UP = "cessation_of_operation", _("I no longer want to be an e-resident")
    OTHER = "unspecified", _("Another reason")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an identity official")
    DONE = "done", _("Carried out")
    CLOSED = "closed", _("Closed without revocation")


class ChangeStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for the fee")
    APPLIED = "applied", _("Done")
    NOT_APPLIED = "not_applied", _("Paid too late: the card was no longer movable")
    CANCELLED = "cancelled", _("Cancelled")


class RenewalKind(models.TextChoices):
    EXPIRY = "expiry", _("Expiry of document")
    REPLACEMENT = "replacement", _("Replacement (lost, blocked or revoked card)")


class RenewalState(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for the state fee")
    SCREENING = "screening", _("Background check")
    IN_REVIEW = "in_review", _("In review by an identity official")
    APPROVED = "approved", _("Approved: a new digital ID is ordered")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_RENEWAL_STATES = frozenset({RenewalState.AWAITING_PAYMENT, RenewalState.SCREENING, RenewalState.IN_REVIEW})


# Fee codes for a change of pick-up point, by (from kind, to kind) (estonia-facts §1.3).
def pickup_change_fee_code(from_kind: str, to_kind: str) -> str:
    from eresidency.constants import PickupKind

    names = {PickupKind.EMBASSY: "embassy", PickupKind.PPA_OFFICE: "office"}
    return f"pickup_change_{names[from_kind]}_to_{names[to_kind]}"
