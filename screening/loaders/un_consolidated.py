"""The UN Security Council Consolidated List in its published XML format.

``<CONSOLIDATED_LIST dateGenerated="…"><INDIVIDUALS><INDIVIDUAL>…</INDIVIDUAL></INDIVIDUALS>
<ENTITIES><ENTITY>…</ENTITY></ENTITIES></CONSOLIDATED_LIST>``. An individual has DATAID,
FIRST_NAME … FOURTH_NAME (the name in its written order), UN_LIST_TYPE, REFERENCE_NUMBER,
NAME_ORIGINAL_SCRIPT, COMMENTS1, TITLE/DESIGNATION/NATIONALITY/LIST_TYPE with VALUE
children, INDIVIDUAL_ALIAS (QUALITY, ALIAS_NAME), INDIVIDUAL_DATE_OF_BIRTH (TYPE_OF_DATE
EXACT/APPROXIMATELY/BETWEEN with DATE, YEAR or FROM_YEAR/TO_YEAR) and
INDIVIDUAL_PLACE_OF_BIRTH (CITY, STATE_PROVINCE, COUNTRY). An entity has FIRST_NAME (its
name) and ENTITY_ALIAS.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from screening.constants import EntryKind, NameKind
from screening.countries import country_code
from screening.exceptions import ListFormatError
from screening.loaders import register
from screening.loaders.base import Loader, ParsedDate, ParsedEntry, ParsedName
from screening.loaders.dates import parse_date_of_birth
from screening.loaders.xmlutil import children, local, parse_xml, text, values

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


@register
class UnConsolidatedLoader(Loader):
    format = "un-consolidated"
    label = "UN Security Council Consolidated List (XML)"

    def parse(self, data: bytes) -> Iterator[ParsedEntry]:
        root = parse_xml(data)
        if local(root.tag) != "CONSOLIDATED_LIST":
            raise ListFormatError(f"expected a CONSOLIDATED_LIST document, found <{local(root.tag)}>")
        seen: set[str] = set()
        for section, item, kind in (("INDIVIDUALS", "INDIVIDUAL", "individual"), ("ENTITIES", "ENTITY", "entity")):
            for holder in children(root, section):
                for element in children(holder, item):
                    entry = self._entry(element, kind)
                    if entry.source_id in seen:
                        raise ListFormatError(f"DATAID {entry.source_id} appears twice")
                    seen.add(entry.source_id)
                    yield entry

    def _entry(self, element: Element, kind: str) -> ParsedEntry:
        dataid = text(element, "DATAID")
        if not dataid:
            raise ListFormatError(f"an {kind.upper()} has no DATAID")
        name = " ".join(p for p in (text(element, part) for part in NAME_PARTS) if p)
        if not name:
            raise ListFormatError(f"entry {dataid} has no name")
        reference = text(element, "REFERENCE_NUMBER")
        remarks = " ".join(p for p in (reference, text(element, "COMMENTS1")) if p)
        entry = ParsedEntry(
            source_id=dataid,
            kind=EntryKind.INDIVIDUAL if kind == "individual" else EntryKind.ENTITY,
            primary_name=name,
            programs=[p for p in [text(element, "UN_LIST_TYPE")] if p],
            title="; ".join(values(element, "TITLE") + values(element, "DESIGNATION")),
            remarks=remarks,
        )
        original = text(element, "NAME_ORIGINAL_SCRIPT")
        if original and original != name:
            entry.aliases.append(ParsedName(original, NameKind.AKA))
        for alias in children(element, "INDIVIDUAL_ALIAS" if kind == "individual" else "ENTITY_ALIAS"):
            alias_name = text(alias, "ALIAS_NAME")
            if alias_name and alias_name != name:
                entry.aliases.append(ParsedName(alias_name, NameKind.AKA))
        if kind == "individual":
            for country in values(element, "NATIONALITY"):
                self._country(entry, country, entry.nationalities)
            for dob in children(element, "INDIVIDUAL_DATE_OF_BIRTH"):
                parsed = self._date(dob)
                if parsed is None:
                    self.report.unparsed_dates += 1
                    self.report.warn(f"entry {dataid}: a date of birth not understood")
                else:
                    entry.dates_of_birth.append(parsed)
            for pob in children(element, "INDIVIDUAL_PLACE_OF_BIRTH"):
                place = ", ".join(
                    p for p in (text(pob, "CITY"), text(pob, "STATE_PROVINCE"), text(pob, "COUNTRY")) if p
                )
                if place:
                    entry.places_of_birth.append(place)
        return entry

    def _country(self, entry: ParsedEntry, value: str, target: list[str]) -> None:
        code = country_code(value)
        if code:
            if code not in target:
                target.append(code)
            return
        entry.unmapped_countries.append(value)
        self.report.unmapped_countries[value] = self.report.unmapped_countries.get(value, 0) + 1

    @staticmethod
    def _date(element: Element) -> ParsedDate | None:
        kind = text(element, "TYPE_OF_DATE").upper()
        exact, year = text(element, "DATE"), text(element, "YEAR")
        from_year, to_year = text(element, "FROM_YEAR"), text(element, "TO_YEAR")
        written = f"{from_year} to {to_year}" if from_year and to_year else exact or year
        if not written:
            return None
        if kind == "APPROXIMATELY":
            written = f"circa {written}"
        return parse_date_of_birth(written)
