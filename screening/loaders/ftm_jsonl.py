"""OpenSanctions' FollowTheMoney entities as JSON lines (``entities.ftm.json``).

One JSON object per line: ``{"id", "schema", "caption", "properties": {name: [values]},
"datasets", …}``. Only the schemata that can be sanctioned are read (Person; Organization,
Company, LegalEntity, PublicBody; Vessel; Airplane); the rest (Sanction, Address, Ownership,
Family …) are counted and skipped. Names come from ``name``, ``alias``, ``weakAlias`` and
``previousName`` (and ``lastName, firstName`` when a person has no full name); dates of
birth from ``birthDate`` ("1960", "1960-08", "1960-08-31"); nationality, citizenship and
country as lower-case ISO codes; programmes from ``program``/``programId``; remarks from
``notes``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from screening.constants import EntryKind, NameKind
from screening.exceptions import ListFormatError
from screening.loaders import register
from screening.loaders.base import Loader, ParsedEntry, ParsedName
from screening.loaders.dates import parse_date_of_birth

KINDS = {
    "Person": EntryKind.INDIVIDUAL,
    "Organization": EntryKind.ENTITY,
    "Company": EntryKind.ENTITY,
    "LegalEntity": EntryKind.ENTITY,
    "PublicBody": EntryKind.ENTITY,
    "Vessel": EntryKind.VESSEL,
    "Airplane": EntryKind.AIRCRAFT,
}
ALIAS_PROPERTIES = (("alias", NameKind.AKA), ("weakAlias", NameKind.AKA), ("previousName", NameKind.FKA))


def _values(properties: dict, name: str) -> list[str]:
    raw = properties.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    return [" ".join(str(v).split()) for v in raw if str(v).strip()]


def _codes(properties: dict, name: str) -> list[str]:
    out = []
    for value in _values(properties, name):
        code = value.upper()
        if len(code) == 2 and code.isalpha() and code not in out:
            out.append(code)
    return out


@register
class FtmJsonLinesLoader(Loader):
    format = "ftm-jsonl"
    label = "OpenSanctions FollowTheMoney entities (JSON lines)"

    def parse(self, data: bytes) -> Iterator[ParsedEntry]:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ListFormatError("the file is not UTF-8")
        if not text.strip():
            raise ListFormatError("the file is empty")
        skipped: Counter[str] = Counter()
        seen: set[str] = set()
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ListFormatError(f"not a JSON object ({exc.msg})", line=number)
            if not isinstance(obj, dict) or not isinstance(obj.get("properties", {}), dict):
                raise ListFormatError("not a FollowTheMoney entity", line=number)
            schema = obj.get("schema", "")
            kind = KINDS.get(schema)
            if kind is None:
                skipped[schema or "?"] += 1
                continue
            entity_id = str(obj.get("id") or "").strip()
            if not entity_id:
                raise ListFormatError("an entity has no id", line=number)
            if entity_id in seen:
                raise ListFormatError(f"entity {entity_id} appears twice", line=number)
            entry = self._entry(entity_id, kind, obj, number)
            if entry is None:
                continue
            seen.add(entity_id)
            yield entry
        for schema, count in sorted(skipped.items()):
            self.report.warn(f"{count} {schema} record(s) skipped (not a sanctionable schema)")

    def _entry(self, entity_id: str, kind: str, obj: dict, number: int) -> ParsedEntry | None:
        props = obj.get("properties") or {}
        names = _values(props, "name")
        if kind == EntryKind.INDIVIDUAL and not names:
            last, first = _values(props, "lastName"), _values(props, "firstName")
            if last and first:
                names = [f"{last[0]}, {' '.join(first)}"]
        if not names and obj.get("caption"):
            names = [" ".join(str(obj["caption"]).split())]
        if not names:
            self.report.warn(f"line {number}: entity {entity_id} has no name; skipped")
            return None
        aliases = [ParsedName(n, NameKind.AKA) for n in names[1:]]
        for prop, name_kind in ALIAS_PROPERTIES:
            aliases.extend(ParsedName(n, name_kind) for n in _values(props, prop))
        unique: dict[str, ParsedName] = {}
        for alias in aliases:
            if alias.name != names[0]:
                unique.setdefault(alias.name, alias)
        entry = ParsedEntry(
            source_id=entity_id,
            kind=kind,
            primary_name=names[0],
            aliases=list(unique.values()),
            programs=list(dict.fromkeys(_values(props, "programId") + _values(props, "program"))),
            title="; ".join(_values(props, "title") + _values(props, "position")),
            nationalities=_codes(props, "nationality"),
            citizenships=_codes(props, "citizenship")
            or ([] if kind == EntryKind.INDIVIDUAL else _codes(props, "country")),
            places_of_birth=_values(props, "birthPlace"),
            remarks=" ".join(_values(props, "notes")),
        )
        for value in _values(props, "birthDate"):
            parsed = parse_date_of_birth(value)
            if parsed is None:
                self.report.unparsed_dates += 1
                self.report.warn(f"line {number}: entity {entity_id}: date of birth {value!r} not understood")
            else:
                entry.dates_of_birth.append(parsed)
        return entry
