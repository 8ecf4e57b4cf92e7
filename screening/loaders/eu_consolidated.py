"""The EU consolidated list of persons, groups and entities subject to financial sanctions,
in its published XML format (Financial Sanctions Files, schema 1.1).

``<export generationDate="…">`` (namespace ``http://eu.europa.ec/fpi/fsd/export``) holds
``<sanctionEntity logicalId=… euReferenceNumber=… unitedNationId=… designationDate=…>``
elements, each with ``<remark>``, ``<regulation programme=…>``, ``<subjectType code="person"
| "enterprise">``, one ``<nameAlias>`` per name (attributes ``wholeName``, ``firstName``,
``middleName``, ``lastName``, ``title``, ``function``, ``strong``, ``nameLanguage``),
``<citizenship countryIso2Code=…>``, ``<birthdate birthdate="1960-08-31" | year=…
circa="true|false" city=… countryDescription=…>``, ``<identification>`` and ``<address>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from screening.constants import EntryKind, NameKind
from screening.exceptions import ListFormatError
from screening.loaders import register
from screening.loaders.base import Loader, ParsedDate, ParsedEntry, ParsedName
from screening.loaders.dates import parse_date_of_birth
from screening.loaders.xmlutil import child, children, local, parse_xml, text

UNKNOWN_COUNTRY = "00"


def _attr(element: Element, name: str) -> str:
    return " ".join((element.get(name) or "").split())


@register
class EuConsolidatedLoader(Loader):
    format = "eu-consolidated"
    label = "EU consolidated financial sanctions list (XML 1.1)"

    def parse(self, data: bytes) -> Iterator[ParsedEntry]:
        root = parse_xml(data)
        if local(root.tag) != "export":
            raise ListFormatError(f"expected an <export> document, found <{local(root.tag)}>")
        seen: set[str] = set()
        for element in children(root, "sanctionEntity"):
            entry = self._entry(element)
            if entry is None:
                continue
            if entry.source_id in seen:
                raise ListFormatError(f"logicalId {entry.source_id} appears twice")
            seen.add(entry.source_id)
            yield entry

    def _entry(self, element: Element) -> ParsedEntry | None:
        logical_id = _attr(element, "logicalId")
        if not logical_id:
            raise ListFormatError("a sanctionEntity has no logicalId")
        subject = child(element, "subjectType")
        code = _attr(subject, "code") if subject is not None else ""
        kind = EntryKind.INDIVIDUAL if code == "person" else EntryKind.ENTITY
        names: list[str] = []
        titles: list[str] = []
        for alias in children(element, "nameAlias"):
            whole = _attr(alias, "wholeName")
            last, first = _attr(alias, "lastName"), _attr(alias, "firstName")
            middle = _attr(alias, "middleName")
            if kind == EntryKind.INDIVIDUAL and last and (first or middle):
                # Keep the known surname: "LAST, First Middle" is structured for the matcher.
                names.append(f"{last}, {' '.join(p for p in (first, middle) if p)}")
            elif whole:
                names.append(whole)
            for attr in ("title", "function"):
                if (value := _attr(alias, attr)) and value not in titles:
                    titles.append(value)
        names = list(dict.fromkeys(n for n in names if n))
        if not names:
            self.report.warn(f"entity {logical_id} has no name; skipped")
            return None
        programmes = []
        for regulation in children(element, "regulation"):
            if (programme := _attr(regulation, "programme")) and programme not in programmes:
                programmes.append(programme)
        reference = _attr(element, "euReferenceNumber")
        remarks = " ".join(p for p in (reference, *(text(r) for r in children(element, "remark"))) if p)
        entry = ParsedEntry(
            source_id=logical_id,
            kind=kind,
            primary_name=names[0],
            aliases=[ParsedName(n, NameKind.AKA) for n in names[1:]],
            programs=programmes,
            title="; ".join(titles),
            remarks=remarks,
        )
        for citizenship in children(element, "citizenship"):
            iso = _attr(citizenship, "countryIso2Code").upper()
            if len(iso) == 2 and iso != UNKNOWN_COUNTRY and iso not in entry.citizenships:
                entry.citizenships.append(iso)
        if kind == EntryKind.INDIVIDUAL:
            for birth in children(element, "birthdate"):
                parsed = self._date(birth)
                if parsed is not None:
                    entry.dates_of_birth.append(parsed)
                elif any(_attr(birth, a) for a in ("birthdate", "year")):
                    self.report.unparsed_dates += 1
                    self.report.warn(f"entity {logical_id}: a date of birth not understood")
                place = ", ".join(p for p in (_attr(birth, "city"), _attr(birth, "countryDescription")) if p)
                if place and place not in entry.places_of_birth:
                    entry.places_of_birth.append(place)
        return entry

    @staticmethod
    def _date(element: Element) -> ParsedDate | None:
        written = _attr(element, "birthdate")
        if not written:
            year, month = _attr(element, "year"), _attr(element, "monthOfYear")
            if not year:
                return None
            written = f"{year}-{int(month):02d}" if month.isdigit() and int(month) else year
        if _attr(element, "circa").lower() == "true":
            written = f"circa {written}"
        return parse_date_of_birth(written)
