"""Evidence, as X-Road keeps it: each member-API answer sealed by the provider agency,
logged, and the log time-stamped in batches; an auditor exports a member's log for a period
and checks it offline with OpenSSL."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.services import journal_record
from exchange.constants import batch_size
from exchange.models import AccessLogEntry, Member, MessageBatch, MessageLogEntry
from exchange.registry import SEALS, seal_response, timestamp
from exchange.services.query import exchange_query


@dataclass(frozen=True)
class SignedAnswer:
    message: MessageLogEntry
    body: bytes
    signature: bytes


def _canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def member_query_answer(
    *,
    member: Member,
    service: str,
    subject: str,
    purpose: str,
    legal_basis: str = "",
    consent_reference: str = "",
    request_body: bytes = b"",
) -> SignedAnswer:
    """Run the query for a member, seal the answer with the provider's seal and log it,
    all in one transaction: a failure anywhere leaves no read logged."""
    message_id = uuid.uuid4()
    with transaction.atomic():
        result = exchange_query(
            consumer=member,
            service=service,
            subject=subject,
            purpose=purpose,
            legal_basis=legal_basis,
            consent_reference=consent_reference,
        )
        answered_at = timezone.now()
        body = _canonical(
            {
                "message_id": str(message_id),
                "service": result.service.code,
                "service_version": result.service.version,
                "provider": result.service.provider,
                "agreement": str(result.agreement.code),
                "subject": subject,
                "answered_at": answered_at.isoformat().replace("+00:00", "Z"),
                "data": result.data,
            }
        )
        signature = seal_response(body, seal=SEALS[result.service.provider])
        message = MessageLogEntry.objects.create(
            code=message_id,
            at=answered_at,
            member=member,
            agreement=result.agreement,
            service_code=result.service.code,
            request_sha256=hashlib.sha256(request_body).hexdigest(),
            body=body,
            signature=signature,
        )
        if result.reads:
            AccessLogEntry.objects.filter(pk__in=[r.pk for r in result.reads]).update(message=message)
    return SignedAnswer(message=message, body=body, signature=signature)


def _manifest_line(message: MessageLogEntry) -> str:
    return "\t".join(
        [
            str(message.code),
            message.at.isoformat(),
            hashlib.sha256(bytes(message.body)).hexdigest(),
            hashlib.sha256(bytes(message.signature)).hexdigest(),
        ]
    )


def message_log_timestamp(*, limit: int | None = None) -> list[MessageBatch]:
    """Time-stamp every message not yet in a batch, ``batch_size()`` messages per batch.

    Idempotent: messages already stamped are skipped; run it as often as you like."""
    size = limit or batch_size()
    batches = []
    while True:
        with transaction.atomic():
            pending = list(
                MessageLogEntry.objects.select_for_update(skip_locked=True)
                .filter(batch__isnull=True)
                .order_by("at", "id")[:size]
            )
            if not pending:
                return batches
            manifest = "\n".join(_manifest_line(m) for m in pending) + "\n"
            data = manifest.encode()
            batch = MessageBatch.objects.create(
                manifest=manifest, manifest_sha256=hashlib.sha256(data).hexdigest(), timestamp_token=timestamp(data)
            )
            MessageLogEntry.objects.filter(pk__in=[m.pk for m in pending]).update(batch=batch)
            journal_record(
                actor="task:exchange_timestamp",
                action="message_log_timestamped",
                subject=batch,
                data={"messages": len(pending), "manifest_sha256": batch.manifest_sha256},
            )
            batches.append(batch)


EXPORT_README = """Message log of {member} ({registry}) from {start} to {end}
=====================================================================

messages/<id>.json   each answer exactly as it was sent
messages/<id>.p7s    its detached CMS signature (DER) by the provider agency's seal,
                     with the seal certificate and its CA chain
batches/<id>.txt     a time-stamped batch manifest: message id, time, SHA-256 of the
                     answer, SHA-256 of the signature (one line per message)
batches/<id>.tsr     the RFC 3161 time-stamp response over that manifest
index.csv            message id, time, service, agreement, batch

Check with OpenSSL (root.pem is this deployment's root CA, from /pki/):

  openssl cms -verify -binary -inform DER -in messages/ID.p7s \\
      -content messages/ID.json -CAfile root.pem -purpose any > /dev/null
  openssl ts -verify -data batches/BATCH.txt -in batches/BATCH.tsr -CAfile root.pem
  sha256sum messages/ID.json     # the same hash as the message's line in its batch

Messages answered after the last batch was stamped have no batch yet.
"""


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz),
    )


def message_log_export(*, member: Member, start: date, end: date, actor: Any) -> bytes:
    """A ZIP of the member's messages in the period, their signatures and batch time-stamps."""
    since, until = _period(start, end)
    messages = list(
        MessageLogEntry.objects.filter(member=member, at__gte=since, at__lt=until)
        .select_related("agreement", "batch")
        .order_by("at", "id")
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            EXPORT_README.format(member=member.name, registry=member.registry_code, start=start, end=end),
        )
        index = ["message_id,time,service,agreement,batch"]
        batches: dict[int, MessageBatch] = {}
        for m in messages:
            archive.writestr(f"messages/{m.code}.json", bytes(m.body))
            archive.writestr(f"messages/{m.code}.p7s", bytes(m.signature))
            index.append(
                f"{m.code},{m.at.isoformat()},{m.service_code},{m.agreement.code},{m.batch.code if m.batch else ''}"
            )
            if m.batch is not None:
                batches[m.batch_id] = m.batch
        for batch in batches.values():
            archive.writestr(f"batches/{batch.code}.txt", batch.manifest.encode())
            archive.writestr(f"batches/{batch.code}.tsr", bytes(batch.timestamp_token))
        archive.writestr("index.csv", "\n".join(index) + "\n")
    journal_record(
        actor=actor,
        action="message_log_exported",
        subject=member,
        data={"from": start.isoformat(), "to": end.isoformat(), "messages": len(messages)},
    )
    return out.getvalue()


# --- The journal's daily anchor ---------------------------------------------------------


def journal_anchor_create(*, actor: Any = "task:anchor_journal") -> Any:
    """Time-stamp the journal's head and keep it as an anchor (once per head: idempotent)."""
    from asn1crypto import tsp

    from audit.anchors import statement
    from audit.models import JournalAnchor, JournalHead

    head = JournalHead.objects.filter(id=1).first()
    if head is None or head.seq == 0:
        return None
    existing = JournalAnchor.objects.filter(seq=head.seq).first()
    if existing is not None:
        return existing
    token = timestamp(statement(head.seq, head.last_hash))
    response = tsp.TimeStampResp.load(token)
    if response["status"]["status"].native != "granted":
        raise RuntimeError("The TSA refused to time-stamp the journal's head.")
    gen_time = response["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    with transaction.atomic():
        anchor, _created = JournalAnchor.objects.get_or_create(
            seq=head.seq, defaults={"head_hash": head.last_hash, "anchored_at": gen_time, "token": token}
        )
    return anchor
