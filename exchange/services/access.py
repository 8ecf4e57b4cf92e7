"""The access log: one row per read of a person's data by an official or an agency."""

from __future__ import annotations

from typing import Any

from django.db import models

from exchange.models import AccessLogEntry


def log_access(
    *,
    person: Any,
    what: str,
    purpose: str,
    reader: Any = None,
    consumer: str = "",
    record: models.Model | None = None,
    person_ref: str = "",
    service_code: str = "",
    fields: list[str] | tuple[str, ...] = (),
    agreement: Any = None,
    member: Any = None,
    legal_basis: str = "",
    consent_reference: str = "",
    message: Any = None,
    record_type: str = "",
    record_id: str = "",
) -> AccessLogEntry:
    """Record that ``reader`` (an official) or ``consumer`` (an agency) read ``person``'s data.

    One line at the call site, e.g.::

        log_access(reader=request.user, person=application.applicant,
                   what="e-Residency application", purpose="review", record=application)

    Reads through the exchange (``exchange.services.exchange_query``) also name the service,
    the fields returned, the agreement and, for an external member, the member.
    """
    if reader is None and not consumer:
        raise ValueError("An access needs a reader or a consuming agency.")
    if not purpose:
        raise ValueError("Every access needs a purpose.")
    if person is None and not person_ref:
        raise ValueError("An access needs the person whose data was read.")
    if record is not None:
        record_type = record._meta.label_lower
        record_id = str(getattr(record, "code", None) or record.pk)
    return AccessLogEntry.objects.create(
        reader=reader if getattr(reader, "is_authenticated", False) else None,
        reader_role=getattr(reader, "role", "") if reader is not None else "",
        consumer=consumer,
        person=person,
        person_ref=person_ref or (str(getattr(person, "code", "")) if person is not None else ""),
        what=what[:200],
        record_type=record_type,
        record_id=record_id,
        purpose=purpose[:300],
        service_code=service_code,
        fields=list(fields),
        agreement=agreement,
        member=member,
        legal_basis=legal_basis[:300],
        consent_reference=consent_reference[:200],
        message=message,
    )
