"""Reads for the people's pages: the Data Tracker ("who used my data") and the data
protection officer's view. Each row is explained in words a person understands."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import Role
from exchange.constants import dpo_daily_threshold, withheld_official_roles
from exchange.models import AccessLogEntry, Member
from exchange.registry import AGENCIES, get_service

# The agency an official works for, by role (the Data Tracker names the institution).
ROLE_AGENCY = {
    Role.IDENTITY_OFFICIAL: "identity_board",
    Role.PICKUP_OFFICIAL: "identity_board",
    Role.REGISTRAR: "business_register",
    Role.TAX_OFFICER: "tax_board",
}
OTHER_READERS = {
    Role.AUDITOR: gettext_lazy("Internal audit"),
    Role.ADMINISTRATOR: gettext_lazy("System administration"),
    "public-check": gettext_lazy("Public validity check (anyone with both numbers)"),
}


def _day_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time.min), tz) if start else None
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz) if end else None
    return since, until


def _role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def reader_key(entry: AccessLogEntry) -> str:
    if entry.member_id:
        return f"member:{entry.member.code}"
    if entry.consumer:
        return f"consumer:{entry.consumer}"
    return f"role:{entry.reader_role}"


def reader_label(key: str, *, members: dict[str, str] | None = None) -> str:
    kind, _sep, value = key.partition(":")
    if kind == "member":
        return (members or {}).get(value, _("A member of the exchange"))
    if kind == "consumer":
        return str(AGENCIES.get(value) or OTHER_READERS.get(value) or value)
    agency = ROLE_AGENCY.get(value)
    if agency:
        return str(AGENCIES[agency])
    return str(OTHER_READERS.get(value, _role_label(value)))


@dataclass
class TrackerRow:
    at: datetime
    institution: str
    official: str
    service: str
    fields: list[str]
    purpose: str
    agreement: str
    legal_basis: str
    through_exchange: bool


def _official(entry: AccessLogEntry) -> str:
    if entry.reader_id is None:
        return ""
    role = _role_label(entry.reader_role)
    if entry.reader_role in withheld_official_roles():
        return role
    return f"{role}: {entry.reader.full_name}"


def tracker_row(entry: AccessLogEntry) -> TrackerRow:
    service = get_service(entry.service_code) if entry.service_code else None
    members = {str(entry.member.code): entry.member.name} if entry.member_id else {}
    return TrackerRow(
        at=entry.at,
        institution=reader_label(reader_key(entry), members=members),
        official=_official(entry),
        service=str(service.title) if service else entry.what,
        fields=[str(service.label_for(f)) if service else f for f in entry.fields],
        purpose=entry.purpose,
        agreement=str(entry.agreement.code) if entry.agreement_id else "",
        legal_basis=entry.legal_basis or entry.consent_reference,
        through_exchange=bool(entry.agreement_id),
    )


def tracker_entries(person: Any, *, start: date | None = None, end: date | None = None, reader: str = ""):
    """This person's access log, filtered by period and reader, newest first."""
    qs = AccessLogEntry.objects.filter(person=person).select_related("reader", "agreement", "member")
    since, until = _day_bounds(start, end)
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until)
    kind, _sep, value = reader.partition(":")
    if kind == "member":
        qs = qs.filter(member__code=value)
    elif kind == "consumer":
        qs = qs.filter(consumer=value, member__isnull=True)
    elif kind == "role":
        qs = qs.filter(reader_role=value, consumer="")
    return qs.order_by("-at", "-id")


def tracker_reader_choices(person: Any) -> list[tuple[str, str]]:
    """The readers that appear in this person's log (for the filter), by institution."""
    base = AccessLogEntry.objects.filter(person=person)
    members = {
        str(code): name
        for code, name in Member.objects.filter(reads__person=person).values_list("code", "name").distinct()
    }
    keys = {f"member:{code}" for code in members}
    keys |= {
        f"consumer:{c}"
        for c in base.filter(member__isnull=True).exclude(consumer="").values_list("consumer", flat=True).distinct()
    }
    keys |= {f"role:{r}" for r in base.filter(consumer="").values_list("reader_role", flat=True).distinct()}
    return sorted(((k, reader_label(k, members=members)) for k in keys), key=lambda kv: kv[1])


# --- The data protection officer's view ---------------------------------------------------


@dataclass
class Finding:
    kind: str
    title: str
    explanation: str
    entries: list[AccessLogEntry] = field(default_factory=list)


def reads_without_a_case(*, since: datetime, limit: int = 100) -> list[AccessLogEntry]:
    """An official read a person's data and the log names no case file or agreement."""
    return list(
        AccessLogEntry.objects.filter(at__gte=since, reader__isnull=False, agreement__isnull=True, record_type="")
        .select_related("reader", "person")
        .order_by("-at")[:limit]
    )


def reads_after_agreement_ended(*, since: datetime, limit: int = 100) -> list[AccessLogEntry]:
    """Reads logged under an agreement after it ended (the exchange refuses those, so each
    one means the log or the agreement was changed, or a read bypassed the exchange)."""
    qs = AccessLogEntry.objects.filter(at__gte=since, agreement__isnull=False).filter(
        Q(agreement__ended_at__isnull=False, at__gt=F("agreement__ended_at"))
        | Q(agreement__valid_until__isnull=False, at__date__gt=F("agreement__valid_until"))
    )
    return list(qs.select_related("agreement", "member", "reader", "person").order_by("-at")[:limit])


@dataclass
class VolumeFinding:
    reader: str
    day: date
    count: int
    usual: float


def unusual_volumes(*, since: datetime) -> tuple[list[VolumeFinding], float]:
    """Readers (an official, an agency or a member) who read far more in a day than usual:
    above EXCHANGE_DPO_DAILY_READS and above three times the median reader-day."""
    rows = (
        AccessLogEntry.objects.filter(at__gte=since)
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("day", "reader__email", "reader__given_name", "reader__surname", "consumer", "member__name")
        .annotate(n=Count("id"))
    )
    counts = defaultdict(int)
    for row in rows:
        if row["member__name"]:
            who = row["member__name"]
        elif row["reader__email"]:
            who = f"{row['reader__given_name']} {row['reader__surname']} ({row['reader__email']})"
        else:
            who = reader_label(f"consumer:{row['consumer']}")
        counts[(who, row["day"])] += row["n"]
    if not counts:
        return [], 0.0
    median = statistics.median(counts.values())
    limit = max(dpo_daily_threshold(), 3 * median)
    flagged = [VolumeFinding(who, day, n, median) for (who, day), n in counts.items() if n > limit]
    return sorted(flagged, key=lambda f: (-f.count, f.day)), median


def dpo_findings(*, days: int = 30) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=days)
    volumes, median = unusual_volumes(since=since)
    return {
        "since": since,
        "without_case": reads_without_a_case(since=since),
        "after_end": reads_after_agreement_ended(since=since),
        "volumes": volumes,
        "median": median,
        "threshold": dpo_daily_threshold(),
    }
