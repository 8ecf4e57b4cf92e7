"""OFAC "Specially Designated Nationals" list, in its official ``sdn.csv`` format.

No header row; twelve columns (ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks); ``-0-`` stands for an empty
field; the file ends with a 0x1A (DOS end-of-file) byte. Aliases, dates and places of
birth, nationalities and citizenships are written inside Remarks:
``DOB 10 Dec 1948; alt. DOB 1950; POB Giza, Egypt; nationality Egypt; citizen Iraq;
a.k.a. 'NAME'; f.k.a. 'NAME'; n.k.a. 'NAME'.``
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from screening.constants import EntryKind, NameKind
from screening.countries import country_code
from screening.exceptions import ListFormatError
from screening.loaders import register
from screening.loaders.base import Loader, ParsedEntry, ParsedName
from screening.loaders.dates import parse_date_of_birth

EMPTY = "-0-"
COLUMNS = 12
_KINDS = {
    "individual": EntryKind.INDIVIDUAL,
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
    "": EntryKind.ENTITY,
}
_ALIAS = re.compile(r"^([afn])\.k\.a\.\s*'(.*?)'?\.?$", re.DOTALL)
_ALIAS_KINDS = {"a": NameKind.AKA, "f": NameKind.FKA, "n": NameKind.NKA}
_FACT = re.compile(r"^(?:alt\.\s+)?(DOB|POB|nationality|citizen)\s+(.+?)\.?$", re.DOTALL)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 if it is, else Windows-1252 (older OFAC files)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.rstrip("\x1a\r\n \t")


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == EMPTY else value


@register
class OfacSdnLoader(Loader):
    format = "ofac-sdn"
    label = "OFAC SDN (sdn.csv)"

    def parse(self, data: bytes) -> Iterator[ParsedEntry]:
        text = decode(data)
        if not text.strip():
            raise ListFormatError("the file is empty")
        reader = csv.reader(io.StringIO(text, newline=""))
        seen: set[str] = set()
        try:
            for row in reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                line = reader.line_num
                if len(row) != COLUMNS:
                    raise ListFormatError(f"expected {COLUMNS} columns, found {len(row)}", line=line)
                entry = self._entry([_clean(v) for v in row], line)
                if entry.source_id in seen:
                    raise ListFormatError(f"entry number {entry.source_id} appears twice", line=line)
                seen.add(entry.source_id)
                yield entry
        except csv.Error as exc:
            raise ListFormatError(f"not a CSV file ({exc})", line=reader.line_num)

    def _entry(self, row: list[str], line: int) -> ParsedEntry:
        ent_num, name, sdn_type, program, title = row[0], row[1], row[2], row[3], row[4]
        if not ent_num.isdigit():
            raise ListFormatError(f"entry number {ent_num!r} is not a number", line=line)
        if not name:
            raise ListFormatError(f"entry {ent_num} has no name", line=line)
        kind = _KINDS.get(sdn_type.lower())
        if kind is None:
            self.report.warn(f"line {line}: unknown SDN type {sdn_type!r}, read as an entity")
            kind = EntryKind.ENTITY
        entry = ParsedEntry(
            source_id=ent_num,
            kind=kind,
            primary_name=" ".join(name.split()),
            programs=[p.strip(" []") for p in re.split(r"\]\s*\[", program) if p.strip(" []")],
            title=title,
            remarks=row[11],
        )
        self._read_remarks(entry, row[11], line)
        return entry

    def _read_remarks(self, entry: ParsedEntry, remarks: str, line: int) -> None:
        for raw in remarks.split(";"):
            part = " ".join(raw.split())
            if not part:
                continue
            if alias := _ALIAS.match(part):
                alias_name = alias.group(2).strip()
                if alias_name and alias_name != entry.primary_name:
                    entry.aliases.append(ParsedName(alias_name, _ALIAS_KINDS[alias.group(1)]))
                continue
            fact = _FACT.match(part)
            if not fact:
                continue
            key, value = fact.group(1), fact.group(2).strip()
            if key == "DOB":
                parsed = parse_date_of_birth(value)
                if parsed is None:
                    self.report.unparsed_dates += 1
                    self.report.warn(f"line {line}: entry {entry.source_id}: date of birth {value!r} not understood")
                else:
                    entry.dates_of_birth.append(parsed)
            elif key == "POB":
                entry.places_of_birth.append(value)
            else:
                code = country_code(value)
                target = entry.nationalities if key == "nationality" else entry.citizenships
                if code:
                    if code not in target:
                        target.append(code)
                else:
                    entry.unmapped_countries.append(value)
                    counts = self.report.unmapped_countries
                    counts[value] = counts.get(value, 0) + 1
