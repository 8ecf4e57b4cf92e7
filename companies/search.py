"""The name check: is a name usable, and if not, which names does it collide with and why.

It compares against registered names, names in pending founding applications and active
reservations (a holder's own reservation does not count against them). Every source is
searched through indexes:

- equal spelling or sound keys: B-tree indexes on ``name_key`` and ``sound_key``;
- similar spelling: on PostgreSQL the pg_trgm GIN index on ``name_key`` (``%`` operator
  with the warning threshold as the similarity limit); on SQLite the B-tree index on
  ``name_key`` over a prefix range, scored here with the same trigram similarity.

The founder's page, the JSON API and the registrar's review all call ``check_name``, so
they give the same verdict.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from companies import constants, names
from companies.constants import OPEN_FOUNDING_STATES, CompanyStatus, FoundingState, ReservationState

MAX_LENGTH = 200
SIMILAR_LIMIT = 10
SQLITE_PREFIX = 3
SQLITE_CANDIDATES = 400


@dataclass
class Conflict:
    name: str
    reason: str
    score: float
    registry_code: str | None = None
    pending: bool = False
    reserved: bool = False

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "reason": self.reason, "score": round(self.score, 3)}
        if self.registry_code:
            out["registry_code"] = self.registry_code
        elif self.pending:
            out["pending"] = True
        elif self.reserved:
            out["reserved"] = True
        return out


@dataclass
class Verdict:
    name: str
    normalised: str
    available: bool
    problems: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    similar: list[Conflict] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["conflicts"] = [c.as_dict() for c in self.conflicts]
        data.pop("similar")
        return data


def _sources(*, holder: Any = None, exclude_application: Any = None) -> list[tuple[str, QuerySet]]:
    from companies.models import Company, FoundingApplication, NameReservation

    pending = FoundingApplication.objects.filter(state__in=OPEN_FOUNDING_STATES).exclude(state=FoundingState.DRAFT)
    if exclude_application is not None:
        pending = pending.exclude(pk=exclude_application.pk)
    reserved = NameReservation.objects.filter(state=ReservationState.ACTIVE)
    if holder is not None and getattr(holder, "pk", None):
        reserved = reserved.exclude(holder_id=holder.pk)
    registered = Company.objects.exclude(status=CompanyStatus.DELETED)
    return [("registered", registered), ("pending", pending), ("reserved", reserved)]


def _similar_postgres(qs: QuerySet, key: str, threshold: float) -> list[tuple[Any, float]]:
    rows = (
        qs.extra(where=["name_key %% %s"], params=[key])
        .annotate(score=RawSQL("similarity(name_key, %s)", [key]))
        .order_by("-score")[:SIMILAR_LIMIT]
    )
    return [(row, float(row["score"])) for row in rows]


def _similar_sqlite(qs: QuerySet, key: str, threshold: float) -> list[tuple[Any, float]]:
    prefix = key[:SQLITE_PREFIX]
    candidates = qs.filter(name_key__gte=prefix, name_key__lt=prefix + "\uffff")[:SQLITE_CANDIDATES]
    scored = [(row, names.similarity(key, row["name_key"])) for row in candidates]
    scored = [pair for pair in scored if pair[1] >= threshold]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:SIMILAR_LIMIT]


def _label(kind: str, row: Any) -> dict[str, Any]:
    if kind == "registered":
        return {"registry_code": row["registry_code"]}
    return {"pending": True} if kind == "pending" else {"reserved": True}


def _protected_flags(name: str) -> list[str]:
    from companies.models import ProtectedName

    words = names.words_folded(name)
    candidates = set(words) | {a + b for a, b in itertools.pairwise(words)}
    if not candidates:
        return []
    found = ProtectedName.objects.filter(word__in=candidates).order_by("word")
    flags = []
    for entry in found:
        flags.append(
            _(
                "“%(word)s” is %(kind)s: the registrar checks that the state or the local government owns more than "
                "half of the company or agrees (%(reference)s)."
            )
            % {"word": entry.word, "kind": entry.get_kind_display(), "reference": entry.legal_reference}
        )
    return flags


def check_name(name: str, *, holder: Any = None, exclude_application: Any = None) -> Verdict:
    """The verdict on ``name`` for ``holder`` (whose own reservation is no conflict)."""
    raw = " ".join((name or "").split())
    split = names.split_legal_form(raw)
    verdict = Verdict(name=raw, normalised=names.display_normalised(raw), available=False)
    if not raw:
        verdict.problems.append(_("Enter a name."))
        return verdict
    if len(raw) > MAX_LENGTH:
        verdict.problems.append(_("The name is too long (at most %(n)s characters).") % {"n": MAX_LENGTH})
        return verdict
    if not split.legal_form:
        verdict.problems.append(
            _("The name must include the legal form “OÜ” or “osaühing” at its start or end (Commercial Code § 7).")
        )
    bad = names.outside_alphabet(raw)
    if bad:
        verdict.problems.append(
            _("Use only the Estonian-Latin alphabet; these characters are not allowed: %(chars)s.")
            % {"chars": " ".join(bad)}
        )
    key, skey = names.name_key(raw), names.sound_key(raw)
    if not key:
        verdict.problems.append(_("The name needs at least one letter or digit besides the legal form."))
        return verdict

    conflict_at, warn_at = constants.similarity_conflict(), constants.similarity_warning()
    seen: set[tuple[str, str]] = set()
    similar = _similar_sqlite
    if connection.vendor == "postgresql":
        similar = _similar_postgres
        with connection.cursor() as cursor:  # the limit the % operator (and its index) uses
            cursor.execute("SELECT set_limit(%s)", [warn_at])
    for kind, qs in _sources(holder=holder, exclude_application=exclude_application):
        # Plain values: no model instances (and no deferred-field queries) per candidate.
        fields = ["name", "name_key", "sound_key"] + (["registry_code"] if kind == "registered" else [])
        for row in qs.filter(Q(name_key=key) | Q(sound_key=skey)).values(*fields)[:SIMILAR_LIMIT]:
            seen.add((kind, row["name"]))
            if row["name_key"] == key:
                reason = _("written the same once case, diacritics, spacing, loan spellings and endings are ignored")
            else:
                reason = _("sounds the same")
            verdict.conflicts.append(Conflict(name=row["name"], reason=reason, score=1.0, **_label(kind, row)))
        for row, score in similar(qs.values(*fields), key, warn_at):
            if (kind, row["name"]) in seen:
                continue
            seen.add((kind, row["name"]))
            entry = Conflict(name=row["name"], reason="", score=score, **_label(kind, row))
            if score >= conflict_at:
                entry.reason = _("spelled too similarly to be clearly distinguishable")
                verdict.conflicts.append(entry)
            else:
                entry.reason = _("similar spelling; the registrar decides")
                verdict.similar.append(entry)
    verdict.conflicts.sort(key=lambda c: -c.score)
    for entry in sorted(verdict.similar, key=lambda c: -c.score)[:5]:
        verdict.warnings.append(
            _(
                "Similar to “%(name)s” (similarity %(score)s): the registrar decides whether the names are distinguishable."
            )
            % {"name": entry.name, "score": f"{entry.score:.2f}"}
        )
    verdict.warnings.extend(_protected_flags(raw))
    verdict.available = not verdict.problems and not verdict.conflicts
    return verdict
