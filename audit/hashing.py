"""Canonical serialisation of a journal entry and its hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8, timestamps in UTC ISO 8601 with microseconds."""

    def default(value: Any) -> str:
        if isinstance(value, datetime):
            return value.isoformat(timespec="microseconds")
        return str(value)

    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=default).encode()


def entry_fields(
    *,
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    subject_type: str,
    subject_id: str,
    from_state: str,
    to_state: str,
    reason: str,
    data: dict,
    prev_hash: str,
) -> dict[str, Any]:
    from datetime import UTC

    return {
        "seq": seq,
        "at": at.astimezone(UTC),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "from_state": from_state,
        "to_state": to_state,
        "reason": reason,
        "data": data,
        "prev_hash": prev_hash,
    }


def compute_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()
