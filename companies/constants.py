"""Choices and tunable rules of the business register.

Numbers the law sets (reservation term, procedure terms, similarity thresholds) are read
from settings with the values of estonia-facts §2 as defaults, so a country adopting the
system, or a change of law, needs no code change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PAYMENT_PURPOSE = "company_founding"
FEE_CODES = {"expedited": "company_registration_expedited", "regular": "company_registration_regular"}
ACCESS_PURPOSE = "business register: founding application review"
LEGAL_FORM = "OÜ"


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def reservation_months() -> int:
    return int(setting("COMPANIES_RESERVATION_MONTHS", 6))  # §2.4


def reservation_extension_months() -> int:
    return int(setting("COMPANIES_RESERVATION_EXTENSION_MONTHS", 3))  # §2.4


def reservation_extension_notice_days() -> int:
    # §2.4: the extension must be asked at least 5 working days before expiry.
    return int(setting("COMPANIES_RESERVATION_EXTENSION_NOTICE_WORKING_DAYS", 5))


def procedure_working_days(procedure: str) -> int:
    # §2.6: expedited "the following day at the latest"; regular "up to 5 working days" [U].
    terms = {"expedited": 1, "regular": 5}
    terms.update(setting("COMPANIES_PROCEDURE_WORKING_DAYS", {}))
    return int(terms[procedure])


def similarity_conflict() -> float:
    """Trigram similarity of two name keys at which names are not clearly distinguishable."""
    return float(setting("COMPANIES_NAME_CONFLICT_SIMILARITY", 0.8))


def similarity_warning() -> float:
    """Similarity at which the registrar is warned (the registrar decides)."""
    return float(setting("COMPANIES_NAME_WARNING_SIMILARITY", 0.5))


def minimum_capital() -> Decimal:
    # §2.2: €0.01 since 01.02.2023 (was €2,500).
    return Decimal(str(setting("COMPANIES_MINIMUM_CAPITAL", "0.01")))


def minimum_nominal() -> Decimal:
    return Decimal(str(setting("COMPANIES_MINIMUM_NOMINAL", "0.01")))  # §2.2, since 01.08.2020


def contact_person_required_from() -> date:
    return date.fromisoformat(setting("COMPANIES_CONTACT_RULE_FROM", "2023-02-01"))  # §2.3


def registry_code_first_digit() -> str:
    return str(setting("COMPANIES_REGISTRY_CODE_FIRST_DIGIT", "1"))  # §2.7: 1 = commercial company


def deficiency_default_days() -> int:
    return int(setting("COMPANIES_DEFICIENCY_DAYS", 15))


def check_max_attempts() -> int:
    return int(setting("COMPANIES_CHECK_MAX_ATTEMPTS", 5))


class CompanyStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_LIQUIDATION = "in_liquidation", _("in liquidation")
    DELETED = "deleted", _("deleted")


class ReservationState(models.TextChoices):
    ACTIVE = "active", _("active")
    LAPSED = "lapsed", _("lapsed")
    USED = "used", _("used for a company")
    CANCELLED = "cancelled", _("cancelled")


class FoundingState(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_SIGNATURES = "awaiting_signatures", _("awaiting signatures")
    AWAITING_PAYMENT = "awaiting_payment", _("awaiting payment")
    SUBMITTED = "submitted", _("submitted (background checks)")
    IN_REVIEW = "in_review", _("in review")
    DEFICIENCIES = "deficiencies", _("deficiencies to correct")
    REGISTERED = "registered", _("registered")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_FOUNDING_STATES = (
    FoundingState.DRAFT,
    FoundingState.AWAITING_SIGNATURES,
    FoundingState.AWAITING_PAYMENT,
    FoundingState.SUBMITTED,
    FoundingState.IN_REVIEW,
    FoundingState.DEFICIENCIES,
)
QUEUE_STATES = (FoundingState.SUBMITTED, FoundingState.IN_REVIEW, FoundingState.DEFICIENCIES)
EDITABLE_STATES = (FoundingState.DRAFT, FoundingState.AWAITING_SIGNATURES, FoundingState.DEFICIENCIES)


class Procedure(models.TextChoices):
    EXPEDITED = "expedited", _("expedited (next working day)")
    REGULAR = "regular", _("regular (5 working days)")


class PartyKind(models.TextChoices):
    NATURAL = "natural", _("natural person")
    LEGAL = "legal", _("company in the register")


class Board(models.TextChoices):
    MANAGEMENT = "management", _("management board")
    SUPERVISORY = "supervisory", _("supervisory board")


class CheckStage(models.TextChoices):
    SCREENING = "screening", _("sanctions screening")
    ID_VALIDITY = "id_validity", _("digital ID validity")
    BUSINESS_BANS = "business_bans", _("business bans")


class CheckStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    PASSED = "passed", _("passed")
    FLAGGED = "flagged", _("flagged for the registrar")
    ERROR = "error", _("failed, will be retried")


class ProtectedKind(models.TextChoices):
    STATE = "state", _("name of the state")
    LOCAL_GOVERNMENT = "local_government", _("name of a local government")
    WORD = "word", _("word for state, city or rural municipality")


class BanKind(models.TextChoices):
    BUSINESS = "business", _("business ban")
    BOARD = "board", _("ban on board membership")
