"""Helpers shared by the card's services: locking, role checks, the travel document check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from audit.types import ActorLike
from core import mrz
from digital_id.dates import tallinn_date
from digital_id.exceptions import (
    NotAllowed,
    TravelDocumentMismatch,
)
from digital_id.models import DigitalId


def _lock(digital_id: DigitalId) -> DigitalId:
    return (
        DigitalId.objects.select_for_update(of=("self",))
        .select_related("holder", "personal_code", "pickup_location", "handed_over_by")
        .get(pk=digital_id.pk)
    )


def _require_role(actor: ActorLike, *roles: str) -> None:
    if getattr(actor, "role", None) not in roles:
        raise NotAllowed(_("You are not allowed to do this."))


def _state_message(did: DigitalId) -> str:
    return _("This digital ID is now “%(state)s”.") % {"state": did.get_state_display()}


def _certificates(did: DigitalId) -> list:
    return [c for c in (did.auth_certificate, did.signing_certificate) if c is not None]


def _fresh_status(certificate) -> str:
    certificate.refresh_from_db(fields=["status"])
    return certificate.status


@dataclass(frozen=True)
class PresentedDocument:
    """What the official sees in the holder's hands at the counter."""

    document_type: str
    number: str
    country: str
    new_document_type: str = ""
    new_number: str = ""
    new_country: str = ""
    new_expiry: date | None = None

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"type": self.document_type, "number": self.number, "country": self.country}
        if self.new_number:
            record["new"] = {
                "type": self.new_document_type,
                "number": self.new_number,
                "country": self.new_country,
                "expiry": self.new_expiry.isoformat() if self.new_expiry else "",
            }
        return record


def _describe(kind: str, number: str, country: str) -> str:
    from core.countries import country_name
    from eresidency.constants import DocumentType

    label = dict(DocumentType.choices).get(kind, kind)
    return _("%(kind)s no. %(number)s issued by %(country)s") % {
        "kind": label,
        "number": number,
        "country": country_name(country) or country,
    }


def travel_document_check(did: DigitalId, presented: PresentedDocument, *, today: date | None = None) -> dict:
    """The document presented must be the one in the application (type, number, issuing
    country). If that one has expired, the holder shows it together with their new one
    (estonia-facts §1.2, step 3). Raises ``TravelDocumentMismatch`` with what differs."""
    today = today or tallinn_date()
    same = (
        presented.document_type == did.travel_document_type
        and mrz.normalise_document_number(presented.number) == mrz.normalise_document_number(did.travel_document_number)
        and (presented.country or "").upper() == did.travel_document_country
    )
    if not same:
        raise TravelDocumentMismatch(
            _(
                "Hand-over refused: the document presented (%(presented)s) is not the travel document in the "
                "application (%(expected)s). Ask for the document used in the application; if it has expired, "
                "the holder must show it together with the new one."
            )
            % {
                "presented": _describe(presented.document_type, presented.number, presented.country),
                "expected": _describe(
                    did.travel_document_type, did.travel_document_number, did.travel_document_country
                ),
            }
        )
    if did.travel_document_expiry and did.travel_document_expiry < today:
        if not (presented.new_number and presented.new_country and presented.new_document_type):
            raise TravelDocumentMismatch(
                _(
                    "Hand-over refused: the travel document in the application expired on %(date)s. The holder "
                    "must also show their new travel document; record it in the form."
                )
                % {"date": did.travel_document_expiry.strftime("%d.%m.%Y")}
            )
        if presented.new_expiry is None or presented.new_expiry < today:
            raise TravelDocumentMismatch(
                _("Hand-over refused: the new travel document must be valid today; check its expiry date.")
            )
    return presented.as_record()
