"""The identity board's services in the data exchange layer (see docs/contracts.md).

Other agencies and members never read the digital ID's tables: they ask the exchange, which
checks their agreement, keeps only the granted fields and logs the read.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from exchange.registry import ProvidedRecord, Service, register_service

PROVIDER = "identity_board"
DIGITAL_ID_STATUS = "identity_board.digital_id_status"
PERSON_BASIC = "identity_board.person_basic"


def _latest_card(personal_code: str):
    from digital_id.models import DigitalId

    code = (personal_code or "").strip()
    if not code.isdigit() or len(code) != 11:
        return None
    return (
        DigitalId.objects.filter(personal_code__code=code)
        .select_related("holder", "personal_code")
        .order_by("-ordered_at", "-id")
        .first()
    )


def digital_id_status(personal_code: str) -> ProvidedRecord | None:
    from digital_id.services.public import public_answer

    did = _latest_card(personal_code)
    if did is None:
        return None
    return ProvidedRecord(
        fields={
            "personal_code": did.personal_code.code,
            "given_names": did.given_names,
            "surname": did.surname,
            "document_number": did.document_number,
            "status": str(public_answer(did)),
            "valid_until": did.expires_on.isoformat() if did.expires_on else None,
        },
        people=(did.holder,),
        person_refs=(did.personal_code.code,),
        record=did,
    )


def person_basic(personal_code: str) -> ProvidedRecord | None:
    did = _latest_card(personal_code)
    if did is None:
        return None
    return ProvidedRecord(
        fields={
            "personal_code": did.personal_code.code,
            "given_names": did.given_names,
            "surname": did.surname,
            "date_of_birth": did.date_of_birth.isoformat(),
            "sex": did.sex,
            "citizenship": did.citizenship,
        },
        people=(did.holder,),
        person_refs=(did.personal_code.code,),
        record=did.personal_code,
    )


def register() -> None:
    register_service(
        Service(
            code=DIGITAL_ID_STATUS,
            provider=PROVIDER,
            title=_("Is this digital ID valid, and whose is it"),
            description=_("The e-resident's newest digital ID: its number, state and expiry, and the holder's name."),
            version="1",
            fields=("personal_code", "given_names", "surname", "document_number", "status", "valid_until"),
            personal_data=True,
            subject_kind="person",
            handler=digital_id_status,
            field_labels={
                "personal_code": _("personal identification code"),
                "given_names": _("given names"),
                "surname": _("surname"),
                "document_number": _("document number"),
                "status": _("state of the digital ID"),
                "valid_until": _("valid until"),
            },
        )
    )
    register_service(
        Service(
            code=PERSON_BASIC,
            provider=PROVIDER,
            title=_("Basic person data"),
            description=_("Name, date of birth, sex and citizenship of an e-resident, by personal code."),
            version="1",
            fields=("personal_code", "given_names", "surname", "date_of_birth", "sex", "citizenship"),
            personal_data=True,
            subject_kind="person",
            handler=person_basic,
            field_labels={
                "personal_code": _("personal identification code"),
                "given_names": _("given names"),
                "surname": _("surname"),
                "date_of_birth": _("date of birth"),
                "sex": _("sex"),
                "citizenship": _("citizenship"),
            },
        )
    )
