"""Names shared by the payments app: states, providers, fee codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import TALLINN

CURRENCY = "EUR"
# Legal dates (which fee version applies, which day a receipt names) are Tallinn dates.
LEGAL_TZ = TALLINN


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    PENDING = "pending", _("Waiting for payment")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")


# The payer may still pay (or is paying) these.
OPEN_STATUSES = frozenset({PaymentStatus.CREATED, PaymentStatus.PENDING})
# Money was received and is (at least partly) kept.
PAID_STATUSES = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED})
# At most one payment in these states may exist per (purpose, reference): the DB enforces it.
OPEN_OR_PAID_STATUSES = OPEN_STATUSES | PAID_STATUSES
# Money was received at some point (a receipt exists).
SETTLED_STATUSES = PAID_STATUSES | {PaymentStatus.REFUNDED}


class Provider(models.TextChoices):
    LOCAL = "local", _("Local imitation (development)")
    STRIPE = "stripe", _("Stripe")


class FeeCode(models.TextChoices):
    ERESIDENCY_STATE_FEE = "eresidency_state_fee", _("e-Residency state fee")
    PICKUP_CHANGE_EMBASSY_TO_EMBASSY = "pickup_change_embassy_to_embassy", _("Pick-up change, embassy to embassy")
    PICKUP_CHANGE_EMBASSY_TO_OFFICE = "pickup_change_embassy_to_office", _("Pick-up change, embassy to office")
    PICKUP_CHANGE_OFFICE_TO_OFFICE = "pickup_change_office_to_office", _("Pick-up change, office to office")
    PICKUP_CHANGE_OFFICE_TO_EMBASSY = "pickup_change_office_to_embassy", _("Pick-up change, office to embassy")
    COMPANY_REGISTRATION_EXPEDITED = "company_registration_expedited", _("Company registration, expedited")
    COMPANY_REGISTRATION_REGULAR = "company_registration_regular", _("Company registration, regular")
    AMENDMENT_ENTRY = "amendment_entry", _("Amendment entry in the commercial register")


class FeeVariant(models.TextChoices):
    STANDARD = "", _("Standard")
    EMBASSY = "embassy", _("Pick-up at an embassy")


class HandoffStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a retry")
    FAILED = "failed", _("Gave up (needs an administrator)")
    DONE = "done", _("Done")


class EventOutcome(models.TextChoices):
    RECEIVED = "received", _("Received")
    SETTLED = "settled", _("Payment settled")
    UPDATED = "updated", _("Payment updated")
    NO_CHANGE = "no_change", _("No change (already applied or out of order)")
    IGNORED = "ignored", _("Ignored (not an event we act on)")
    UNMATCHED = "unmatched", _("No matching payment")
    FLAGGED = "flagged", _("Flagged for an administrator")


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


# Retry policy of the settlement hand-off task (exponential back-off).
HANDOFF_MAX_ATTEMPTS = 8
HANDOFF_BASE_SECONDS = 60
HANDOFF_MAX_SECONDS = 6 * 60 * 60
