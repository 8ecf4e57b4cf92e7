"""Choices, names and tunable rules of the e-Residency application.

Numbers the law or the service promises (decision term, delivery time, pick-up window) are
read from settings with the real values as defaults (estonia-facts §1.2-§1.7), so an
operator can change them without a code change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PAYMENT_PURPOSE = "eresidency_application"
FEE_CODE = "eresidency_state_fee"
ACCESS_PURPOSE = "review of e-Residency application"


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def decision_days() -> int:
    # estonia-facts §1.4: "30 days" in English, "30 tööpäeva" (working days) in Estonian.
    return int(setting("ERESIDENCY_DECISION_DAYS", 30))


def decision_day_kind() -> str:
    kind = setting("ERESIDENCY_DECISION_DAY_KIND", "calendar")
    if kind not in {"calendar", "working"}:
        raise ValueError("ERESIDENCY_DECISION_DAY_KIND must be 'calendar' or 'working'.")
    return kind


def delivery_days() -> int:
    return int(setting("ERESIDENCY_DELIVERY_DAYS", 35))  # up to 5 weeks to the pick-up point


def pickup_window_months() -> int:
    return int(setting("ERESIDENCY_PICKUP_WINDOW_MONTHS", 6))  # collect within 6 months of arrival


def minimum_age() -> int:
    return int(setting("ERESIDENCY_MINIMUM_AGE", 18))


def photo_max_bytes() -> int:
    return int(setting("ERESIDENCY_PHOTO_MAX_BYTES", 5 * 1024 * 1024))


def file_max_bytes() -> int:
    return int(setting("ERESIDENCY_FILE_MAX_BYTES", 5 * 1024 * 1024))


def stage_stuck_minutes() -> int:
    return int(setting("ERESIDENCY_STAGE_STUCK_MINUTES", 60))


def info_request_default_days() -> int:
    return int(setting("ERESIDENCY_INFO_REQUEST_DAYS", 14))


def info_request_max_days() -> int:
    return int(setting("ERESIDENCY_INFO_REQUEST_MAX_DAYS", 60))


PHOTO_MIN_WIDTH = 600
PHOTO_MIN_HEIGHT = 800
GIVEN_NAMES_LINE = 15  # Identity Documents Act § 9¹(2): two lines of 15
GIVEN_NAMES_MAX = 2 * GIVEN_NAMES_LINE
SURNAME_MAX = 28
STAGE_MAX_ATTEMPTS = 5
MAX_LINKS = 5


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for payment")
    PAID = "paid", _("Paid")
    SCREENING = "screening", _("Background checks")
    IN_REVIEW = "in_review", _("In review")
    INFO_REQUESTED = "info_requested", _("More information requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CLOSED_STATES = frozenset({State.APPROVED, State.REFUSED, State.WITHDRAWN})
OPEN_STATES = frozenset(set(State) - CLOSED_STATES)
DECIDABLE_STATES = frozenset({State.IN_REVIEW, State.INFO_REQUESTED})
# States an official may see: everything after the applicant handed it in.
OFFICIAL_VISIBLE_STATES = frozenset(set(State) - {State.DRAFT})


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    UNSPECIFIED = "X", _("Unspecified")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("National identity card")


class MotivationCategory(models.TextChoices):
    # Modelled on the reasons the real application portal offers.
    LOCATION_INDEPENDENT = "location_independent", _("Location-independent international business")
    ESTABLISH_COMPANY = "establish_company", _("Establish a company in Estonia")
    ADMINISTER_COMPANY = "administer_company", _("Administer an Estonian company I already own or run")
    EU_MARKET = "eu_market", _("Access to the EU business environment")
    PUBLIC_ESERVICES = "public_eservices", _("Use Estonian public and private e-services")
    DIGITAL_SIGNATURE = "digital_signature", _("Sign documents digitally")
    INVESTMENT = "investment", _("Investing in Estonia")
    EDUCATION_SCIENCE = "education_science", _("Education or scientific research")
    CULTURE = "culture", _("Cultural cooperation")
    SUPPORTER = "supporter", _("Supporter of e-Residency and Estonia")


class PickupKind(models.TextChoices):
    PPA_OFFICE = "ppa_office", _("Police and Border Guard Board office (Estonia)")
    EMBASSY = "embassy", _("Estonian embassy or consulate")


class ExceptionKind(models.TextChoices):
    NONE = "", _("None of these applies to me")
    EEA_RESIDENCE = (
        "eea_residence",
        _(
            "I have lived in the EEA, the United Kingdom or Switzerland for at least three consecutive years "
            "and hold a valid residence permit there"
        ),
    )
    ESTONIAN_COMPANY = (
        "estonian_company",
        _("I own, or am a board member of, an active Estonian company that pays taxes in Estonia"),
    )


class StageName(models.TextChoices):
    SANCTIONS = "sanctions", _("Sanctions lists")
    DOCUMENTS = "documents", _("Document checks")
    DUPLICATES = "duplicates", _("Duplicates and earlier applications")


STAGE_ORDER = (StageName.SANCTIONS, StageName.DOCUMENTS, StageName.DUPLICATES)


class StageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    PASSED = "passed", _("Passed")
    FLAGGED = "flagged", _("Flagged")
    FAILED = "failed", _("Failed")


STAGE_DONE = frozenset({StageStatus.PASSED, StageStatus.FLAGGED})


class InfoRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the applicant")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Not answered in time")
    CANCELLED = "cancelled", _("Closed by the decision")


class LetterStatus(models.TextChoices):
    NONE = "", _("No letter")
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed, being retried")


class Step(models.TextChoices):
    PERSONAL = "personal", _("Personal data")
    ELIGIBILITY = "eligibility", _("Citizenship restriction")
    DOCUMENT = "document", _("Travel document")
    PHOTO = "photo", _("Photo")
    MOTIVATION = "motivation", _("Motivation")
    PICKUP = "pickup", _("Pick-up location")
    CONSENT = "consent", _("Consent")


STEP_ORDER = (Step.PERSONAL, Step.ELIGIBILITY, Step.DOCUMENT, Step.PHOTO, Step.MOTIVATION, Step.PICKUP, Step.CONSENT)

# Flag codes (shown to officials, with a message).
FLAG_SANCTIONS = "sanctions_hit"
FLAG_DOCUMENT_EXPIRES = "document_expires"
FLAG_MRZ = "mrz_mismatch"
FLAG_UNDER_AGE = "under_age"
FLAG_DUPLICATE_DOCUMENT = "duplicate_document"
FLAG_DUPLICATE_PERSON = "duplicate_person"
FLAG_EXISTING_ERESIDENT = "route_to_renewal"
FLAG_EARLIER_REFUSAL = "earlier_refusal"
FLAG_RESTRICTION_EXCEPTION = "restriction_exception_claimed"
FLAG_STAGE_FAILED = "stage_failed"


class Ground(models.TextChoices):
    """Codes of the refusal grounds loaded by migration 0002 (titles translated here)."""

    PUBLIC_ORDER = "public_order", _("Threat to public order or national security")
    PURPOSE = (
        "purpose",
        _(
            "The purpose of the application does not meet Identity Documents Act § 20⁵(2) "
            "(developing Estonia's economy, science, education or culture through e-services)"
        ),
    )
    DOCUMENTS = "documents", _("Missing or invalid documents or photo")
    NO_REPLY = "no_reply", _("No reply to a request for more information by the deadline")
    NATIONALITY = "nationality", _("Citizenship restriction (Identity Documents Act § 20⁶(11))")


GROUND_LABELS = dict(Ground.choices)
