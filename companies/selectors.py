"""Reads of the business register: the contract other apps use (CompanyInfo,
Representative), access helpers, the registrar's queue and the public register."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.constants import Role
from companies.constants import CompanyStatus, ReservationState
from companies.models import BoardMember, Company, NameReservation
from companies.records import CompanyInfo, Representative
from companies.workdays import tallinn_date

__all__ = [
    "CompanyInfo",
    "Representative",
    "companies_represented_by",
    "company_by_registry_code",
    "company_representatives",
]


def _parse_code(code: Any) -> uuid.UUID:
    try:
        return code if isinstance(code, uuid.UUID) else uuid.UUID(str(code))
    except (TypeError, ValueError, AttributeError):
        raise Http404


def company_info(company: Company) -> CompanyInfo:
    return CompanyInfo(
        registry_code=company.registry_code,
        name=company.name,
        status=company.status,
        registered_on=company.registered_on,
        email=company.email,
        address=company.address,
        financial_year_end=company.financial_year_end,
    )


# --- The contract (docs/contracts.md) ------------------------------------------------------


def company_by_registry_code(registry_code: str) -> CompanyInfo | None:
    company = Company.objects.filter(registry_code=(registry_code or "").strip()).first()
    return company_info(company) if company else None


def _current_board(on: date) -> Q:
    return Q(board="management", starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def companies_represented_by(*, user: Any) -> list[CompanyInfo]:
    """Registered companies where ``user`` (by the personal code of their digital ID) is a
    current management board member."""
    from digital_id.selectors import active_digital_id

    if not getattr(user, "is_authenticated", False):
        return []
    card = active_digital_id(user)
    if card is None:
        return []
    today = tallinn_date()
    codes = BoardMember.objects.filter(_current_board(today), personal_code=card.personal_code.code).values(
        "company_id"
    )
    companies = Company.objects.filter(pk__in=codes, status=CompanyStatus.REGISTERED).order_by("name")
    return [company_info(c) for c in companies]


def company_representatives(*, registry_code: str, on: date | None = None) -> list[Representative]:
    on = on or tallinn_date()
    members = BoardMember.objects.filter(_current_board(on), company__registry_code=registry_code).order_by(
        "surname", "given_names"
    )
    return [
        Representative(
            personal_code=m.personal_code,
            given_names=m.given_names,
            surname=m.surname,
            role="board_member",
            represents_alone=m.represents_alone,
            user_id=m.user_id,
        )
        for m in members
    ]


# --- Reservations ---------------------------------------------------------------------------


def reservations_of(user: Any) -> list[NameReservation]:
    return list(NameReservation.objects.filter(holder=user).order_by("-reserved_on", "-pk")[:20])


def get_reservation_for_holder(user: Any, code: Any) -> NameReservation:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role != Role.APPLICANT:
        raise PermissionDenied
    reservation = NameReservation.objects.filter(code=_parse_code(code), holder=user).first()
    if reservation is None:
        raise Http404
    return reservation


def active_reservation_of(user: Any) -> NameReservation | None:
    return NameReservation.objects.filter(holder=user, state=ReservationState.ACTIVE).first()


def public_companies(query: str = "") -> QuerySet[Company]:
    return Company.objects.exclude(status=CompanyStatus.DELETED).order_by("name")


def register_search(query: str) -> QuerySet[Company]:
    """Companies by registry code (8 digits) or by name (equal keys first, then a name prefix)."""
    from companies import names

    query = (query or "").strip()
    qs = Company.objects.exclude(status=CompanyStatus.DELETED).only(
        "registry_code", "name", "status", "registered_on", "address"
    )
    if query.isdigit():
        return qs.filter(registry_code__startswith=query).order_by("registry_code")
    key = names.name_key(query)
    if not key:
        return qs.none()
    return qs.filter(Q(name_key=key) | Q(sound_key=names.sound_key(query)) | Q(name_key__startswith=key)).order_by(
        "name"
    )


def get_public_company(registry_code: str) -> Company:
    company = (
        Company.objects.select_related("activity")
        .filter(registry_code=registry_code)
        .exclude(status=CompanyStatus.DELETED)
        .first()
    )
    if company is None:
        raise Http404
    return company


def current_contact(company: Company, on: date | None = None):
    on = on or tallinn_date()
    return (
        company.contact_appointments.select_related("provider")
        .filter(starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on")
        .first()
    )


def card_context(company: Company) -> dict[str, Any]:
    """What the public registry card shows (§2.7): general data and right of representation.
    Shareholders are not on the card."""
    today = tallinn_date()
    return {
        "company": company,
        "board": list(company.board_members.filter(_current_board(today)).order_by("surname", "given_names")),
        "supervisory": list(
            company.board_members.filter(board="supervisory", starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .order_by("surname")
        ),
        "contact": current_contact(company, today),
        "today": today,
    }


# --- Founding applications ------------------------------------------------------------------


def founding_applications_of(user: Any):
    from companies.models import FoundingApplication

    if not getattr(user, "is_authenticated", False):
        return FoundingApplication.objects.none()
    return (
        FoundingApplication.objects.filter(Q(created_by=user) | Q(founders__user=user) | Q(board__user=user))
        .distinct()
        .order_by("-created_at")
    )


def get_founding_for_party(user: Any, code: Any):
    """The filer, a founder or a board member of the application; anyone else gets 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role != Role.APPLICANT:
        raise PermissionDenied
    app = (
        founding_applications_of(user)
        .filter(code=_parse_code(code))
        .select_related("activity", "contact_provider")
        .first()
    )
    if app is None:
        raise Http404
    return app


def get_founding_for_registrar(user: Any, code: Any):
    from companies.models import FoundingApplication

    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role not in (Role.REGISTRAR, Role.AUDITOR):
        raise PermissionDenied
    from companies.constants import FoundingState as S

    # Registrars see an application once it is handed in (paid), not the founders' drafts.
    app = (
        FoundingApplication.objects.select_related("activity", "contact_provider", "created_by", "claimed_by")
        .filter(code=_parse_code(code))
        .exclude(state__in=[S.DRAFT, S.AWAITING_SIGNATURES, S.AWAITING_PAYMENT])
        .first()
    )
    if app is None:
        raise Http404
    return app


def queue_counts() -> dict[str, int]:
    from django.db.models import Count

    from companies.constants import QUEUE_STATES
    from companies.models import FoundingApplication

    today = tallinn_date()
    counts = dict(
        FoundingApplication.objects.filter(state__in=QUEUE_STATES).values_list("state").annotate(n=Count("pk"))
    )
    overdue = FoundingApplication.objects.filter(state__in=QUEUE_STATES, due_on__lt=today).count()
    return {
        "submitted": counts.get("submitted", 0),
        "in_review": counts.get("in_review", 0),
        "deficiencies": counts.get("deficiencies", 0),
        "overdue": overdue,
    }


def registrar_queue(*, state: str = "", procedure: str = "", mine_of: Any = None, overdue: bool = False):
    """The registrar's queue, earliest legal term first (a constant number of queries)."""
    from django.db.models import Count

    from companies.constants import QUEUE_STATES
    from companies.models import FoundingApplication

    qs = (
        FoundingApplication.objects.filter(state__in=QUEUE_STATES)
        .select_related("claimed_by")
        .annotate(founder_count=Count("founders", distinct=True))
        .order_by("due_on", "submitted_at")
    )
    if state in QUEUE_STATES:
        qs = qs.filter(state=state)
    if procedure in ("expedited", "regular"):
        qs = qs.filter(procedure=procedure)
    if mine_of is not None:
        qs = qs.filter(claimed_by=mine_of)
    if overdue:
        qs = qs.filter(due_on__lt=tallinn_date())
    return qs


def get_company_by_card_code(code: Any) -> Company:
    company = Company.objects.filter(card_code=_parse_code(code)).first()
    if company is None:
        raise Http404
    return company
