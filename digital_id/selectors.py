"""Reads: access checks, the holder's cards and what happens next, the officials' lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from core import mrz
from core.dates import TALLINN
from digital_id import constants, personal_codes
from digital_id.constants import IdState, RenewalState, RequestStatus
from digital_id.dates import add_months, tallinn_date
from digital_id.models import (
    DigitalId,
    PickupBooking,
    PickupChange,
    PickupSlot,
    Renewal,
    RevocationRequest,
)
from eresidency.constants import delivery_days

DESK_ROLES = frozenset({Role.PICKUP_OFFICIAL})
REGISTRY_ROLES = frozenset({Role.IDENTITY_OFFICIAL, Role.AUDITOR})
_CARD_RELATED = ("holder", "personal_code", "pickup_location", "handed_over_by", "previous")


# --- Access -------------------------------------------------------------------------------


def _parse_code(code: Any):
    import uuid

    try:
        return code if isinstance(code, uuid.UUID) else uuid.UUID(str(code))
    except (TypeError, ValueError, AttributeError):
        raise Http404


def get_digital_id_for_holder(user: Any, code: Any) -> DigitalId:
    """The holder's own card; anyone else gets "not found" (existence is not revealed)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role != Role.APPLICANT:
        raise PermissionDenied
    did = DigitalId.objects.select_related(*_CARD_RELATED).filter(code=_parse_code(code), holder=user).first()
    if did is None:
        raise Http404
    return did


def get_digital_id_for_official(user: Any, code: Any, *, roles: frozenset) -> DigitalId:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role not in roles:
        raise PermissionDenied
    did = (
        DigitalId.objects.select_related(*_CARD_RELATED, "auth_certificate", "signing_certificate")
        .filter(code=_parse_code(code))
        .first()
    )
    if did is None:
        raise Http404
    return did


def get_renewal_for_holder(user: Any, code: Any) -> Renewal:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role != Role.APPLICANT:
        raise PermissionDenied
    renewal = (
        Renewal.objects.select_related("previous", "pickup_location")
        .filter(code=_parse_code(code), holder=user)
        .first()
    )
    if renewal is None:
        raise Http404
    return renewal


def get_renewal_for_official(user: Any, code: Any) -> Renewal:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role not in REGISTRY_ROLES:
        raise PermissionDenied
    renewal = (
        Renewal.objects.select_related("holder", "previous__personal_code", "pickup_location", "decided_by")
        .filter(code=_parse_code(code))
        .first()
    )
    if renewal is None:
        raise Http404
    return renewal


# --- The holder ---------------------------------------------------------------------------


def digital_ids_of(user: Any) -> QuerySet[DigitalId]:
    return DigitalId.objects.filter(holder=user).select_related(*_CARD_RELATED).order_by("-ordered_at", "-id")


def active_digital_id(user: Any) -> DigitalId | None:
    return (
        DigitalId.objects.filter(holder=user, state=IdState.ACTIVE)
        .select_related("personal_code", "credential")
        .order_by("-ordered_at")
        .first()
    )


def approved_without_card(user: Any):
    """The holder's approved application whose card is not ordered yet, if any."""
    from eresidency.selectors import approved_applications

    ordered = DigitalId.objects.filter(holder=user).exclude(application_id=None).values("application_id")
    return approved_applications(user=user).exclude(pk__in=ordered).first()


def open_renewal_of(user: Any) -> Renewal | None:
    return (
        Renewal.objects.filter(holder=user, state__in=constants.OPEN_RENEWAL_STATES)
        .select_related("pickup_location")
        .first()
    )


def renewals_of(user: Any) -> QuerySet[Renewal]:
    return Renewal.objects.filter(holder=user).select_related("previous", "pickup_location").order_by("-created_at")


def active_booking(did: DigitalId) -> PickupBooking | None:
    return PickupBooking.objects.filter(digital_id=did, cancelled_at__isnull=True).select_related("slot").first()


def open_pickup_change(did: DigitalId) -> PickupChange | None:
    return PickupChange.objects.filter(digital_id=did, status="awaiting_payment").select_related("to_location").first()


def open_revocation_request(did: DigitalId) -> RevocationRequest | None:
    return RevocationRequest.objects.filter(digital_id=did, status=RequestStatus.OPEN).first()


def pin_status(did: DigitalId) -> dict[str, Any]:
    """Tries left per code, and whether PIN2 must still be changed."""
    credential = did.credential
    if credential is None:
        return {}
    keys = {key.role: key for key in credential.keys.all()}
    return {
        "pin1_tries": keys["auth"].pin_tries_left if "auth" in keys else None,
        "pin2_tries": keys["sign"].pin_tries_left if "sign" in keys else None,
        "puk_tries": credential.puk_tries_left,
        "pin2_change_required": credential.pin2_change_required,
    }


def pickup_slots_for(did: DigitalId, *, limit: int = 60) -> list[PickupSlot]:
    """Free future slots at the card's pick-up point, up to its collection deadline."""
    qs = PickupSlot.objects.filter(location_id=did.pickup_location_id, starts_at__gt=timezone.now())
    if did.pickup_deadline:
        last = datetime.combine(did.pickup_deadline + timedelta(days=1), time(0), tzinfo=TALLINN)
        qs = qs.filter(starts_at__lt=last)
    qs = qs.annotate(taken=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True))).filter(
        taken__lt=F("capacity")
    )
    return list(qs.order_by("starts_at")[:limit])


def slot_by_code(code: Any) -> PickupSlot | None:
    try:
        return PickupSlot.objects.filter(code=_parse_code(code)).first()
    except Http404:
        return None


@dataclass
class CardView:
    """One card as the holder sees it: status, what happens next, and what they can do."""

    card: DigitalId
    headline: str
    next_steps: list[str]
    can_book: bool = False
    can_move: bool = False
    can_suspend: bool = False
    can_ask_revocation: bool = False
    can_use: bool = False
    can_renew: bool = False
    renewal_due: bool = False
    booking: PickupBooking | None = None
    change: PickupChange | None = None
    revocation_request: RevocationRequest | None = None
    pins: dict[str, Any] | None = None


def card_view(did: DigitalId) -> CardView:
    from digital_id.services.renewal import renewal_blocker

    today = tallinn_date()
    place = str(did.pickup_location)
    view = CardView(card=did, headline="", next_steps=[])
    if did.state == IdState.ORDERED:
        view.headline = _("Your digital ID is being made.")
        view.next_steps = [
            _("It is sent to %(place)s; delivery takes up to %(weeks)s weeks.")
            % {"place": place, "weeks": delivery_days() // 7},
            _("We e-mail you when it arrives. Then book a time to collect it in person."),
        ]
    elif did.state == IdState.MANUFACTURED:
        view.headline = _("Your digital ID is on its way to %(place)s.") % {"place": place}
        view.next_steps = [_("We e-mail you when it arrives. Then book a time to collect it in person.")]
    elif did.state == IdState.AT_PICKUP_POINT:
        view.headline = _("Your digital ID is waiting for you at %(place)s.") % {"place": place}
        view.next_steps = [
            _("Book a time and come in person: nobody can collect it for you."),
            _("Bring the travel document you applied with (if it has expired, bring the old one and the new one)."),
            _("Your fingerprints are taken, then you receive the card and the envelope with PIN1, PIN2 and the PUK."),
        ]
        if did.pickup_deadline:
            view.next_steps.append(
                _("Collect it by %(date)s; after that it is returned and cancelled.")
                % {"date": did.pickup_deadline.strftime("%d.%m.%Y")}
            )
        view.can_book = True
    elif did.state == IdState.ACTIVE:
        view.headline = _("Your digital ID is active.")
        pins = pin_status(did)
        view.next_steps = [
            _("Sign in with your personal identification code and PIN1."),
            _("Sign documents with PIN2 (change it before your first signature).")
            if pins.get("pin2_change_required")
            else _("Sign documents with PIN2."),
        ]
        view.can_suspend = view.can_use = view.can_ask_revocation = True
        if did.expires_on and did.expires_on <= add_months(today, constants.renewal_notice_months()):
            view.renewal_due = True
            view.next_steps.append(
                _("It expires on %(date)s: apply for renewal now.") % {"date": did.expires_on.strftime("%d.%m.%Y")}
            )
    elif did.state == IdState.SUSPENDED:
        view.headline = _("Your digital ID is suspended.")
        view.next_steps = [
            _("It cannot be used to sign in or to sign."),
            _("To use it again, visit a pick-up point with your travel document; an official resumes it."),
            _("If it is lost for good, ask for its revocation and apply for a new one."),
        ]
        view.can_ask_revocation = True
    elif did.state == IdState.REVOKED:
        view.headline = _("Your digital ID was revoked on %(date)s.") % {
            "date": timezone.localtime(did.revoked_at).strftime("%d.%m.%Y") if did.revoked_at else ""
        }
        view.next_steps = [_("It can never be used again. Signatures you made before stay valid.")]
    else:
        view.headline = _("Your digital ID has expired.")
        view.next_steps = [_("Signatures you made while it was valid stay valid.")]
    if did.state in constants.MOVABLE_STATES:
        view.can_move = True
    if did.state not in constants.PRE_ISSUE_STATES and not renewal_blocker(did):
        view.can_renew = True
    view.booking = active_booking(did) if did.state == IdState.AT_PICKUP_POINT else None
    view.change = open_pickup_change(did) if view.can_move else None
    view.revocation_request = open_revocation_request(did) if did.state in constants.IN_USE_STATES else None
    if view.revocation_request is not None:
        view.can_ask_revocation = False
    if did.state == IdState.ACTIVE:
        view.pins = pin_status(did)
    return view


# --- The pick-up desk and the registry ----------------------------------------------------


def desk_search(query: str) -> QuerySet[DigitalId]:
    """Find cards by document number, personal code or name (every word must match)."""
    query = " ".join((query or "").split())
    qs = DigitalId.objects.select_related("holder", "personal_code", "pickup_location").order_by("-ordered_at")
    if not query:
        return qs.none()
    compact = mrz.normalise_document_number(query)
    if len(compact) == 8 and compact.startswith("N") and compact[1:].isdigit():
        return qs.filter(document_number=compact)
    if query.isdigit() and len(query) == 11:
        return qs.filter(personal_code__code=query) if personal_codes.is_valid(query) else qs.none()
    for word in query.split()[:4]:
        qs = qs.filter(Q(given_names__icontains=word) | Q(surname__icontains=word))
    return qs


def desk_queue() -> dict[str, Any]:
    base = DigitalId.objects.select_related("holder", "personal_code", "pickup_location")
    now = timezone.now()
    return {
        "incoming": base.filter(state=IdState.MANUFACTURED).order_by("manufactured_at")[:50],
        "waiting": base.filter(state=IdState.AT_PICKUP_POINT).order_by("pickup_deadline")[:50],
        "bookings": PickupBooking.objects.filter(
            cancelled_at__isnull=True, slot__starts_at__gte=now - timedelta(hours=2)
        )
        .select_related("slot__location", "digital_id__holder")
        .order_by("slot__starts_at")[:50],
    }


def registry_queue() -> dict[str, Any]:
    return {
        "requests": RevocationRequest.objects.filter(status=RequestStatus.OPEN)
        .select_related("digital_id__holder", "digital_id__personal_code")
        .order_by("requested_at"),
        "renewals": Renewal.objects.filter(state=RenewalState.IN_REVIEW)
        .select_related("holder", "previous")
        .order_by("created_at"),
    }


def counts_for_pickup() -> dict[str, int]:
    return {
        "incoming": DigitalId.objects.filter(state=IdState.MANUFACTURED).count(),
        "waiting": DigitalId.objects.filter(state=IdState.AT_PICKUP_POINT).count(),
        "suspended": DigitalId.objects.filter(state=IdState.SUSPENDED).count(),
    }


def counts_for_registry() -> dict[str, int]:
    return {
        "requests": RevocationRequest.objects.filter(status=RequestStatus.OPEN).count(),
        "renewals": Renewal.objects.filter(state=RenewalState.IN_REVIEW).count(),
    }
