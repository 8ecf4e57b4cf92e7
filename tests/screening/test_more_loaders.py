"""The UN, EU and FollowTheMoney loaders, each on a small sample file in the published format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from screening.constants import EntryKind, NameKind
from screening.exceptions import ListFormatError
from screening.loaders import formats, get_loader

DATA = Path(__file__).parent / "data"


def parse(fmt: str, name: str | bytes):
    loader = get_loader(fmt)
    data = name if isinstance(name, bytes) else (DATA / name).read_bytes()
    return {e.source_id: e for e in loader.parse(data)}, loader.report


def spans(entry):
    return [(d.start, d.end, d.precision, d.circa) for d in entry.dates_of_birth]


def test_every_format_is_registered():
    assert {"ofac-sdn", "un-consolidated", "eu-consolidated", "ftm-jsonl"} <= set(formats())


# --- UN Security Council -----------------------------------------------------------------


def test_un_individuals_and_entities():
    entries, report = parse("un-consolidated", "un_consolidated_sample.xml")
    assert list(entries) == ["6908555", "2975591", "110407"]
    ri = entries["6908555"]
    assert ri.kind == EntryKind.INDIVIDUAL
    assert ri.primary_name == "RI WON HO"
    assert ri.aliases == []  # the empty alias element is ignored
    assert ri.nationalities == ["KP"]
    assert spans(ri) == [("1964-07-17", "1964-07-17", "day", False)]
    assert ri.programs == ["DPRK"]
    komid = entries["110407"]
    assert komid.kind == EntryKind.ENTITY
    assert [a.name for a in komid.aliases] == ["KOMID"]
    assert report.unparsed_dates == 0


def test_un_aliases_original_script_dates_and_places():
    entries, _ = parse("un-consolidated", "un_consolidated_sample.xml")
    noorzai = entries["2975591"]
    assert noorzai.primary_name == "ABDUL BASIR NOORZAI"
    assert [a.name for a in noorzai.aliases] == ["عبدالبصیر نورزی", "Abdul Basir Nurzai", "Haji Basir"]
    assert noorzai.nationalities == ["AF", "PK"]
    assert spans(noorzai) == [
        ("1965-01-01", "1965-12-31", "year", True),
        ("1960-01-01", "1962-12-31", "range", False),
    ]
    assert noorzai.places_of_birth == ["Kandahar, Kandahar Province, Afghanistan"]
    assert "Haji" in noorzai.title and "Businessman" in noorzai.title
    assert noorzai.remarks.startswith("TAi.999")


def test_un_rejects_another_document_and_entity_expansion():
    with pytest.raises(ListFormatError, match="CONSOLIDATED_LIST"):
        parse("un-consolidated", b"<export/>")
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><CONSOLIDATED_LIST>&b;</CONSOLIDATED_LIST>'
    with pytest.raises(ListFormatError, match="forbidden"):
        parse("un-consolidated", bomb)
    with pytest.raises(ListFormatError, match="well-formed"):
        parse("un-consolidated", b"<CONSOLIDATED_LIST><INDIVIDUALS>")


# --- EU ----------------------------------------------------------------------------------------


def test_eu_persons_keep_the_surname_structure():
    entries, _ = parse("eu-consolidated", "eu_consolidated_sample.xml")
    assert list(entries) == ["13", "139998", "4010"]
    saddam = entries["13"]
    assert saddam.kind == EntryKind.INDIVIDUAL
    assert saddam.primary_name == "Hussein Al-Tikriti, Saddam"
    assert [a.name for a in saddam.aliases] == ["Abu Ali", "صدام حسين التكريتي"]
    assert all(a.kind == NameKind.AKA for a in saddam.aliases)
    assert saddam.citizenships == ["IQ"]
    assert spans(saddam) == [("1937-04-28", "1937-04-28", "day", False)]
    assert saddam.places_of_birth == ["al-Awja, near Tikrit, IRAQ"]
    assert saddam.programs == ["IRQ"]
    assert saddam.remarks.startswith("EU.27.28")


def test_eu_circa_year_unknown_country_and_enterprises():
    entries, _ = parse("eu-consolidated", "eu_consolidated_sample.xml")
    petrova = entries["139998"]
    assert petrova.primary_name == "Petrova, Olga Nikolaevna"
    assert [a.name for a in petrova.aliases] == ["Петрова, Ольга Николаевна"]
    assert spans(petrova) == [("1976-01-01", "1976-12-31", "year", True)]
    assert petrova.title == "Member of the State Duma"
    company = entries["4010"]
    assert company.kind == EntryKind.ENTITY
    assert company.primary_name == "Example Shipping Lines Company"
    assert company.citizenships == ["IR"]


def test_eu_rejects_a_file_of_another_format():
    with pytest.raises(ListFormatError, match="export"):
        parse("eu-consolidated", "un_consolidated_sample.xml")


# --- FollowTheMoney ---------------------------------------------------------------------------


def test_ftm_reads_sanctionable_schemata_and_skips_the_rest():
    entries, report = parse("ftm-jsonl", "ftm_sample.jsonl")
    assert list(entries) == ["NK-aA1bB2cC3dD4", "ofac-1234", "NK-org1", "NK-ship1"]
    assert [entries[k].kind for k in entries] == [
        EntryKind.INDIVIDUAL,
        EntryKind.INDIVIDUAL,
        EntryKind.ENTITY,
        EntryKind.VESSEL,
    ]
    assert "1 Sanction record(s) skipped (not a sanctionable schema)" in report.warnings
    assert "1 Address record(s) skipped (not a sanctionable schema)" in report.warnings


def test_ftm_names_dates_and_countries():
    entries, _ = parse("ftm-jsonl", "ftm_sample.jsonl")
    hasan = entries["NK-aA1bB2cC3dD4"]
    assert hasan.primary_name == "Hasan Nasrallah"
    assert [a.name for a in hasan.aliases] == ["حسن نصرالله", "Hassan Nasrallah", "Abu Hadi"]
    assert spans(hasan) == [("1960-08-31", "1960-08-31", "day", False)]
    assert hasan.nationalities == ["LB"]
    assert hasan.programs == ["US-SDGT"]
    ivanova = entries["ofac-1234"]
    assert ivanova.primary_name == "Ivanova, Maria Petrovna"  # built from lastName, firstName
    assert [(a.name, a.kind) for a in ivanova.aliases] == [("Maria Petrovna Sidorova", NameKind.FKA)]
    assert spans(ivanova) == [("1971-01-01", "1971-12-31", "year", False)]
    assert ivanova.citizenships == ["RU"]
    assert entries["NK-org1"].citizenships == ["IR"]


def test_ftm_bad_line_names_its_number():
    data = (DATA / "ftm_sample.jsonl").read_bytes() + b"{not json\n"
    with pytest.raises(ListFormatError, match="line 8"):
        parse("ftm-jsonl", data)
    with pytest.raises(ListFormatError, match="empty"):
        parse("ftm-jsonl", b"\n\n")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "sample", "given", "surname", "dob", "uid"),
    [
        ("un-consolidated", "un_consolidated_sample.xml", "Abdul Basir", "Noorzai", date(1961, 5, 1), "un:2975591"),
        ("eu-consolidated", "eu_consolidated_sample.xml", "Olga", "Petrova", date(1976, 2, 2), "eu:139998"),
        ("ftm-jsonl", "ftm_sample.jsonl", "Hassan", "Nasrallah", date(1960, 8, 31), "os:NK-aA1bB2cC3dD4"),
    ],
)
def test_each_format_loads_and_screens(fmt, sample, given, surname, dob, uid):
    from screening.services import list_version_load, screen_person

    outcome = list_version_load(
        name=fmt, slug=uid.split(":")[0], fmt=fmt, data=(DATA / sample).read_bytes(), actor="test"
    )
    assert outcome.created
    result = screen_person(given_names=given, surname=surname, date_of_birth=dob)
    assert [h.entry_uid for h in result.hits][:1] == [uid]
