from __future__ import annotations

import pytest

from screening.constants import EntryKind, NameKind
from screening.countries import country_code, country_name
from screening.exceptions import ListFormatError, UnknownListFormat
from screening.loaders import formats, get_loader
from screening.loaders.dates import parse_date_of_birth
from tests.screening.conftest import SMALL_ROWS, make_csv


def parse(data: bytes):
    loader = get_loader("ofac-sdn")
    return {e.source_id: e for e in loader.parse(data)}, loader.report


def test_small_file_parses_every_row_despite_the_end_of_file_byte(small_csv):
    assert small_csv.endswith(b"\x1a")
    entries, report = parse(small_csv)
    assert list(entries) == [str(n) for n in range(1001, 1011)]
    assert report.unparsed_dates == 0


def test_entry_types_and_empty_marker(small_csv):
    entries, _ = parse(small_csv)
    assert entries["1001"].kind == EntryKind.INDIVIDUAL
    assert entries["1004"].kind == EntryKind.ENTITY
    assert entries["1005"].kind == EntryKind.VESSEL
    assert entries["1006"].kind == EntryKind.AIRCRAFT
    assert entries["1001"].title == ""  # -0-
    assert entries["1009"].title == "Dr."
    assert entries["1001"].programs == ["UKRAINE-EO13660", "RUSSIA-EO14024"]


def test_aliases_from_remarks_with_their_kind(small_csv):
    entries, _ = parse(small_csv)
    petrov = entries["1001"]
    assert [(a.name, a.kind) for a in petrov.aliases] == [("PETROFF, Ivan", NameKind.AKA), ("VANYA", NameKind.AKA)]
    rashid = entries["1002"]
    assert [(a.name, a.kind) for a in rashid.aliases] == [
        ("AL-RASHEED, Mohammed", NameKind.FKA),
        ("'ABD AL-'AZIZ", NameKind.AKA),  # leading and inner apostrophes kept
    ]
    assert [n.kind for n in petrov.names] == [NameKind.PRIMARY, NameKind.AKA, NameKind.AKA]


def test_dates_of_birth_in_every_listed_form(small_csv):
    entries, _ = parse(small_csv)
    spans = lambda e: [(d.start, d.end, d.precision, d.circa) for d in entries[e].dates_of_birth]  # noqa: E731
    assert spans("1001") == [("1965-03-12", "1965-03-12", "day", False)]
    assert spans("1002") == [("1970-01-01", "1970-12-31", "year", False), ("1978-01-01", "1978-12-31", "year", True)]
    assert spans("1003") == [("1980-01-01", "1982-12-31", "range", False)]
    assert spans("1008") == [("1975-03-01", "1975-03-31", "month", False)]
    assert spans("1007") == []


def test_nationalities_and_citizenships_become_iso_codes(small_csv):
    entries, report = parse(small_csv)
    assert entries["1001"].nationalities == ["RU"]
    assert entries["1002"].nationalities == ["IQ"]
    assert entries["1002"].citizenships == ["JO"]
    assert entries["1007"].nationalities == ["KP"]  # "Korea, North"
    assert entries["1008"].nationalities == ["VN"]
    assert entries["1008"].unmapped_countries == ["Atlantis"]
    assert report.unmapped_countries == {"Atlantis": 1}
    assert entries["1001"].places_of_birth == ["Moscow, Russia"]


def test_several_dates_of_birth():
    row = (
        '2686,"NASRALLAH, Hasan","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        '"DOB 31 Aug 1960; alt. DOB 31 Aug 1953; alt. DOB circa 1955-1957; POB Al Basuriyah, Lebanon."'
    )
    entries, _ = parse(make_csv([row]))
    assert [d.text for d in entries["2686"].dates_of_birth] == ["31 Aug 1960", "31 Aug 1953", "circa 1955-1957"]
    assert entries["2686"].dates_of_birth[2].start == "1955-01-01"
    assert entries["2686"].dates_of_birth[2].end == "1957-12-31"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 Dec 1948", ("1948-12-10", "1948-12-10", "day", False)),
        ("Dec 1970", ("1970-12-01", "1970-12-31", "month", False)),
        ("Feb 1964", ("1964-02-01", "1964-02-29", "month", False)),
        ("1946", ("1946-01-01", "1946-12-31", "year", False)),
        ("circa 1950", ("1950-01-01", "1950-12-31", "year", True)),
        ("circa 01 Jul 1961", ("1961-07-01", "1961-07-01", "day", True)),
        ("1960 to 1962", ("1960-01-01", "1962-12-31", "range", False)),
        ("Mar 1962 to Feb 1963", ("1962-03-01", "1963-02-28", "range", False)),
        ("01 Jan 1960 to 31 Dec 1962.", ("1960-01-01", "1962-12-31", "range", False)),
        ("1960-05-31", ("1960-05-31", "1960-05-31", "day", False)),
        ("1960-00-00", ("1960-01-01", "1960-12-31", "year", False)),
        ("31.05.1960", ("1960-05-31", "1960-05-31", "day", False)),
    ],
)
def test_date_of_birth_forms(text, expected):
    parsed = parse_date_of_birth(text)
    assert parsed is not None
    assert (parsed.start, parsed.end, parsed.precision, parsed.circa) == expected


@pytest.mark.parametrize("text", ["31 Feb 1960", "unknown", "Smarch 1960", "", "1960 to sometime"])
def test_date_of_birth_nonsense_is_none(text):
    assert parse_date_of_birth(text) is None


def test_unparsed_date_is_counted_not_fatal():
    row = '5,"DOE, Jane","individual","X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB sometime in spring."'
    entries, report = parse(make_csv([row]))
    assert entries["5"].dates_of_birth == []
    assert report.unparsed_dates == 1
    assert "sometime in spring" in report.warnings[0]


def test_windows_1252_file_decodes():
    row = '7,"MÜLLER, José","individual","X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
    entries, _ = parse(("\r\n".join([row]) + "\r\n").encode("cp1252") + b"\x1a")
    assert entries["7"].primary_name == "MÜLLER, José"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x1a", "empty"),
        (make_csv(['1,"A","individual"']), "line 1: expected 12 columns, found 3"),
        (make_csv([SMALL_ROWS[0], 'x1,"A",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ']), "line 2"),
        (make_csv([SMALL_ROWS[0], SMALL_ROWS[0]]), "appears twice"),
        (make_csv(["1,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "]), "no name"),
    ],
)
def test_malformed_files_raise_with_the_line(data, message):
    with pytest.raises(ListFormatError, match=message):
        parse(data)


def test_registry_names_formats_and_refuses_unknown_ones():
    assert "ofac-sdn" in formats()
    with pytest.raises(UnknownListFormat, match="ofac-sdn"):
        get_loader("eu-consolidated-xml")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RU"),
        ("Korea, North", "KP"),
        ("Korea, South", "KR"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Burma", "MM"),
        ("possibly Palestinian", "PS"),
        ("The Gambia", "GM"),
        ("North Macedonia, The Republic of", "MK"),
        ("Türkiye", "TR"),
        ("UK", "GB"),
        ("ee", "EE"),
        ("Atlantis", ""),
    ],
)
def test_country_names_map_to_iso_codes(name, code):
    assert country_code(name) == code


def test_country_name_for_code():
    assert country_name("KP") == "North Korea"
    assert country_name("ZZ") == "ZZ"
