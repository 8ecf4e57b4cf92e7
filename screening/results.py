"""What a screening returns: JSON-safe dataclasses the calling app stores as they are.

``Hit.to_dict()`` / ``Hit.from_dict()`` round-trip through JSON, so the e-Residency app can
keep a hit (with its explanation) in a JSONField and show it years later, even after the
list has moved on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Hit:
    entry_uid: str  # "ofac-sdn:12345"
    list_label: str  # "OFAC SDN 2024-05-03 (sha 0123456789ab)"
    primary_name: str  # as listed
    matched_name: str  # the alias or primary name that matched, as listed
    matched_alias: bool
    score: float  # final score 0-100
    fields: list[str]  # "name", "date_of_birth", "nationality": what agreed
    components: dict[str, float]  # name, token_sort, token_set, surname, given_names, date_of_birth, nationality
    explanation: str  # one paragraph in words, in the language active at screening time
    entry: dict[str, Any]  # programs, dates_of_birth, nationalities, remarks excerpt, ...

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Hit:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values.setdefault("fields", [])
        values.setdefault("components", {})
        values.setdefault("entry", {})
        values.setdefault("explanation", "")
        return cls(**values)


@dataclass
class ScreeningResult:
    list_version_id: int | None  # the version screened against (the first, if several lists)
    list_label: str  # its label; several lists are joined with "; "
    hits: list[Hit]
    clear: bool
    # Every version screened against, when more than one list is loaded.
    list_version_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_version_id": self.list_version_id,
            "list_label": self.list_label,
            "hits": [hit.to_dict() for hit in self.hits],
            "clear": self.clear,
            "list_version_ids": list(self.list_version_ids),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScreeningResult:
        hits = [Hit.from_dict(h) for h in data.get("hits", [])]
        return cls(
            list_version_id=data.get("list_version_id"),
            list_label=data.get("list_label", ""),
            hits=hits,
            clear=data.get("clear", not hits),
            list_version_ids=list(data.get("list_version_ids", [])),
        )
