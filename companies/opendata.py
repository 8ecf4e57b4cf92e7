"""The open-data format of the register (JSON Lines), for the bulk download and
``manage.py import_register``: one company a line, e.g.

    {"registry_code": "16000009", "name": "Päikesekodu OÜ", "status": "registered",
     "registered_on": "2024-03-01", "address": "…", "email": "…", "share_capital": "2500.00",
     "financial_year_end": "12-31", "activity": "62011",
     "board": [{"personal_code": "…", "given_names": "…", "surname": "…",
                "represents_alone": true, "since": "2024-03-01"}]}

Shareholders are not part of the open data (§2.7: shown only to the company and officials).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from companies.constants import CompanyStatus

BATCH = 2000


def company_record(company: Any, board: list[Any]) -> dict[str, Any]:
    return {
        "registry_code": company.registry_code,
        "name": company.name,
        "status": company.status,
        "registered_on": company.registered_on.isoformat(),
        "address": company.address,
        "email": company.email,
        "share_capital": str(company.share_capital),
        "financial_year_end": company.financial_year_end,
        "activity": company.activity.code if company.activity_id else "",
        "board": [
            {
                "personal_code": m.personal_code,
                "given_names": m.given_names,
                "surname": m.surname,
                "represents_alone": m.represents_alone,
                "since": m.starts_on.isoformat(),
            }
            for m in board
        ],
    }


def export_lines() -> Iterator[str]:
    from django.db.models import Prefetch, Q

    from companies.models import BoardMember, Company

    current = BoardMember.objects.filter(board="management", ends_on__isnull=True).order_by("surname")
    last_pk = 0
    while True:
        batch = list(
            Company.objects.exclude(status=CompanyStatus.DELETED)
            .filter(Q(pk__gt=last_pk))
            .select_related("activity")
            .prefetch_related(Prefetch("board_members", queryset=current, to_attr="current_board"))
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return
        for company in batch:
            yield json.dumps(company_record(company, company.current_board), ensure_ascii=False) + "\n"
        last_pk = batch[-1].pk
