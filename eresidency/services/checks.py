"""The three screening stages. Each returns (result stored on the stage, flags for review)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anyascii import anyascii
from django.utils.translation import gettext as _

from core import mrz
from eresidency.constants import (
    FLAG_DOCUMENT_EXPIRES,
    FLAG_DUPLICATE_DOCUMENT,
    FLAG_DUPLICATE_PERSON,
    FLAG_EARLIER_REFUSAL,
    FLAG_EXISTING_ERESIDENT,
    FLAG_MRZ,
    FLAG_SANCTIONS,
    FLAG_UNDER_AGE,
    StageName,
    State,
    minimum_age,
)
from eresidency.deadlines import age_on, document_valid_until_required, tallinn_date
from eresidency.models import Application

Flags = list[dict[str, Any]]


def _flag(stage: str, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"stage": stage, "code": code, "message": message, **extra}


def check_sanctions(app: Application) -> tuple[dict[str, Any], Flags]:
    """Screen the applicant's name and birth date against the loaded sanctions list."""
    from screening.services import screen_person  # raises NoListLoaded when no list is loaded

    result = screen_person(
        given_names=app.given_names,
        surname=app.surname,
        date_of_birth=app.date_of_birth,
        nationality=app.citizenship,  # ISO 3166-1 alpha-2, as the screening service expects
    )
    hits = [hit.to_dict() for hit in result.hits]
    flags = [
        _flag(
            StageName.SANCTIONS,
            FLAG_SANCTIONS,
            _("Possible match on %(list)s: %(name)s (score %(score)s).")
            % {"list": hit.list_label, "name": hit.primary_name, "score": hit.score},
            entry_uid=str(hit.entry_uid),
        )
        for hit in result.hits
    ]
    return (
        {
            "list_version_id": result.list_version_id,
            "list_label": result.list_label,
            "list_version_ids": list(getattr(result, "list_version_ids", []) or []),
            "clear": result.clear,
            "hits": hits,
        },
        flags,
    )


def check_documents(app: Application) -> tuple[dict[str, Any], Flags]:
    """Document validity over the whole pick-up window, the MRZ, and the applicant's age."""
    stage = StageName.DOCUMENTS
    start = tallinn_date(app.paid_at) if app.paid_at else tallinn_date()
    required = document_valid_until_required(start)
    flags: Flags = []
    result: dict[str, Any] = {
        "document_expiry": app.document_expiry.isoformat() if app.document_expiry else None,
        "required_valid_until": required.isoformat(),
    }
    if app.document_expiry is None or app.document_expiry < required:
        flags.append(
            _flag(
                stage,
                FLAG_DOCUMENT_EXPIRES,
                _(
                    "The travel document expires on %(expiry)s, before the end of the pick-up window "
                    "(%(required)s); the applicant must bring the same document to collect the card."
                )
                % {
                    "expiry": app.document_expiry.strftime("%d.%m.%Y") if app.document_expiry else "?",
                    "required": required.strftime("%d.%m.%Y"),
                },
            )
        )
    if app.mrz:
        try:
            zone = mrz.parse(app.mrz)
            problems = zone.errors + mrz.mismatches(
                zone,
                document_type=app.document_type,
                document_number=app.document_number,
                document_country=app.document_country,
                citizenship=app.citizenship,
                surname=app.surname,
                given_names=app.given_names,
                date_of_birth=app.date_of_birth,
                sex=app.sex,
                document_expiry=app.document_expiry,
            )
        except mrz.MrzError as error:
            problems = [str(error)]
        result["mrz"] = {"given": True, "problems": problems}
        if problems:
            flags.append(_flag(stage, FLAG_MRZ, _("The MRZ does not agree: %(p)s") % {"p": " ".join(problems)}))
    else:
        result["mrz"] = {"given": False, "problems": []}
    if app.date_of_birth:
        age = age_on(app.date_of_birth, start)
        result["age"] = age
        if age < minimum_age():
            flags.append(
                _flag(
                    stage,
                    FLAG_UNDER_AGE,
                    _("The applicant is %(age)s, younger than %(min)s.")
                    % {
                        "age": age,
                        "min": minimum_age(),
                    },
                )
            )
    return result, flags


def _person_key(given_names: str, surname: str) -> str:
    return " ".join(anyascii(f"{given_names} {surname}").casefold().replace("-", " ").split())


def check_duplicates(app: Application) -> tuple[dict[str, Any], Flags]:
    """The same document or person in other applications: duplicates, e-residents, refusals."""
    stage = StageName.DUPLICATES
    others = Application.objects.exclude(pk=app.pk).exclude(state=State.DRAFT).select_related("refusal_ground")
    number = mrz.normalise_document_number(app.document_number)
    same_document = (
        list(others.filter(document_country=app.document_country, document_number__iexact=app.document_number))
        if number
        else []
    )
    key = _person_key(app.given_names, app.surname)
    same_person = [
        other
        for other in others.filter(date_of_birth=app.date_of_birth).exclude(pk__in=[o.pk for o in same_document])
        if _person_key(other.given_names, other.surname) == key
    ]
    flags: Flags = []
    seen: list[dict[str, Any]] = []
    for other, how in [(o, "document") for o in same_document] + [(o, "person") for o in same_person]:
        seen.append(
            {
                "code": str(other.code),
                "match": how,
                "state": other.state,
                "same_account": other.applicant_id == app.applicant_id,
                "decided_at": other.decided_at.isoformat() if other.decided_at else None,
                "ground": other.refusal_ground.code if other.refusal_ground_id else "",
            }
        )
        what = _("the same travel document") if how == "document" else _("the same name and date of birth")
        if other.state == State.APPROVED:
            flags.append(
                _flag(
                    stage,
                    FLAG_EXISTING_ERESIDENT,
                    _("Already an e-resident (%(what)s, approved %(date)s): route to renewal.")
                    % {"what": what, "date": other.decided_at.strftime("%d.%m.%Y") if other.decided_at else "?"},
                    other=str(other.code),
                )
            )
        elif other.state == State.REFUSED:
            flags.append(
                _flag(
                    stage,
                    FLAG_EARLIER_REFUSAL,
                    _("Refused earlier (%(what)s, %(date)s): %(ground)s")
                    % {
                        "what": what,
                        "date": other.decided_at.strftime("%d.%m.%Y") if other.decided_at else "?",
                        "ground": other.refusal_ground.label if other.refusal_ground_id else "",
                    },
                    other=str(other.code),
                )
            )
        elif other.state != State.WITHDRAWN:
            flags.append(
                _flag(
                    stage,
                    FLAG_DUPLICATE_DOCUMENT if how == "document" else FLAG_DUPLICATE_PERSON,
                    _("Another open application with %(what)s.") % {"what": what},
                    other=str(other.code),
                )
            )
    return {"matches": seen}, flags


CHECKS: dict[str, Callable[[Application], tuple[dict[str, Any], Flags]]] = {
    StageName.SANCTIONS: check_sanctions,
    StageName.DOCUMENTS: check_documents,
    StageName.DUPLICATES: check_duplicates,
}
