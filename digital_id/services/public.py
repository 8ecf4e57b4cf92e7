"""The public "is this digital ID valid?" check: no login, nothing but the answer."""

from __future__ import annotations

from digital_id import constants
from digital_id.constants import IdState, PublicAnswer
from digital_id.dates import tallinn_date
from digital_id.models import DigitalId


def public_answer(did: DigitalId | None) -> str:
    """A card that was never handed over is not an identity document: it answers "unknown",
    as does a wrong pair of numbers, so the check does not reveal whether such a card exists."""
    if did is None or did.state in constants.PRE_ISSUE_STATES:
        return PublicAnswer.UNKNOWN
    if did.state == IdState.REVOKED:
        return PublicAnswer.REVOKED
    if did.state == IdState.EXPIRED or (did.expires_on and did.expires_on < tallinn_date()):
        return PublicAnswer.EXPIRED
    if did.state == IdState.SUSPENDED:
        return PublicAnswer.SUSPENDED
    return PublicAnswer.VALID


def digital_id_public_check(*, document_number: str, personal_code: str) -> str:
    """Answer valid, suspended, revoked, expired or unknown, and log the check.

    Both numbers must belong to the same card. Each check is one access-log row with the
    consumer "public-check" (the person, when the card is known).
    """
    from exchange.services import log_access

    number = (document_number or "").strip().upper()
    code = (personal_code or "").strip()
    did = (
        DigitalId.objects.filter(document_number=number, personal_code__code=code)
        .select_related("holder", "personal_code")
        .first()
        if number and code
        else None
    )
    answer = public_answer(did)
    log_access(
        consumer=constants.PUBLIC_CHECK_CONSUMER,
        person=did.holder if did is not None else None,
        person_ref=did.personal_code.code if did is not None else "no match",
        what=f"digital ID validity: {answer}",
        purpose=constants.ACCESS_PUBLIC_CHECK,
        record=did,
    )
    return answer
