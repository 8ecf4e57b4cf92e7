"""Loading a register in the open-data format (companies.opendata), idempotently: a company
already present (by registry code) is updated, its board replaced by the file's."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from stdnum.ee import registrikood

from companies import names
from companies.constants import CompanyStatus
from companies.exceptions import ImportProblem
from companies.models import ActivityCode, BoardMember, Company

BATCH = 2000


def _record(line_no: int, text: str) -> dict[str, Any]:
    def bad(message: str) -> ImportProblem:
        return ImportProblem(f"line {line_no}: {message}")

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise bad(f"not valid JSON ({error.msg})")
    if not isinstance(data, dict):
        raise bad("expected a JSON object")
    code = str(data.get("registry_code", "")).strip()
    if not registrikood.is_valid(code):
        raise bad(f"registry_code {code!r} is not a valid Estonian registry code")
    name = " ".join(str(data.get("name", "")).split())
    if not name or not names.name_key(name):
        raise bad("name is missing")
    status = data.get("status", CompanyStatus.REGISTERED)
    if status not in CompanyStatus.values:
        raise bad(f"status {status!r} is not one of {', '.join(CompanyStatus.values)}")
    try:
        registered_on = date.fromisoformat(str(data.get("registered_on", "")))
    except ValueError:
        raise bad("registered_on must be a date such as 2024-03-01")
    try:
        capital = Decimal(str(data.get("share_capital", "0")))
    except InvalidOperation:
        raise bad("share_capital must be a number")
    board = data.get("board") or []
    if not isinstance(board, list):
        raise bad("board must be a list")
    members = []
    for i, member in enumerate(board):
        if not isinstance(member, dict) or not member.get("surname"):
            raise bad(f"board[{i}] needs at least a surname")
        try:
            since = date.fromisoformat(str(member.get("since") or registered_on.isoformat()))
        except ValueError:
            raise bad(f"board[{i}].since must be a date")
        members.append(
            {
                "personal_code": str(member.get("personal_code", ""))[:11],
                "given_names": str(member.get("given_names", ""))[:100],
                "surname": str(member["surname"])[:100],
                "represents_alone": bool(member.get("represents_alone", True)),
                "starts_on": since,
            }
        )
    return {
        "registry_code": code,
        "name": name[:200],
        "status": status,
        "registered_on": registered_on,
        "address": str(data.get("address", ""))[:300],
        "email": str(data.get("email", ""))[:254],
        "share_capital": capital,
        "financial_year_end": str(data.get("financial_year_end", "12-31"))[:5],
        "activity": str(data.get("activity", "")),
        "board": members,
    }


def _flush(batch: list[dict[str, Any]], activities: dict[str, int]) -> tuple[int, int]:
    codes = [r["registry_code"] for r in batch]
    with transaction.atomic():
        existing = {c.registry_code: c for c in Company.objects.filter(registry_code__in=codes)}
        new, changed = [], []
        for r in batch:
            company = existing.get(r["registry_code"]) or Company(registry_code=r["registry_code"], imported=True)
            for field in ("name", "registered_on", "address", "email", "share_capital", "financial_year_end"):
                setattr(company, field, r[field])
            company.__dict__["status"] = r["status"]  # data loaded from an earlier register, not a transition
            company.activity_id = activities.get(r["activity"])
            company.name_key, company.sound_key = names.name_key(company.name), names.sound_key(company.name)
            (changed if company.pk else new).append(company)
        Company.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            Company.objects.bulk_update(
                changed,
                [
                    "name",
                    "name_key",
                    "sound_key",
                    "status",
                    "registered_on",
                    "address",
                    "email",
                    "share_capital",
                    "financial_year_end",
                    "activity",
                ],
                batch_size=BATCH,
            )
        ids = dict(Company.objects.filter(registry_code__in=codes).values_list("registry_code", "pk"))
        BoardMember.objects.filter(company_id__in=ids.values()).delete()
        BoardMember.objects.bulk_create(
            [BoardMember(company_id=ids[r["registry_code"]], **m) for r in batch for m in r["board"]], batch_size=BATCH
        )
    return len(new), len(changed)


def import_lines(lines: Iterable[str], *, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Validate every line first (nothing is written if one is bad), then load in batches."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line_no, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        record = _record(line_no, text)
        if record["registry_code"] in seen:
            raise ImportProblem(f"line {line_no}: registry_code {record['registry_code']} appears twice")
        seen.add(record["registry_code"])
        records.append(record)
    activities = dict(ActivityCode.objects.values_list("code", "pk"))
    created = updated = 0
    for start in range(0, len(records), BATCH):
        c, u = _flush(records[start : start + BATCH], activities)
        created, updated = created + c, updated + u
        if progress:
            progress(min(start + BATCH, len(records)))
    return {"created": created, "updated": updated, "total": len(records)}
