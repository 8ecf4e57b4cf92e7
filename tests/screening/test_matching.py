from __future__ import annotations

import datetime as dt
import json

import pytest

from screening.index import get_index
from screening.normalise import normalise_person
from screening.services import Hit, ScreeningResult, screen_organisation, screen_person

pytestmark = pytest.mark.django_db


def screen(given: str, surname: str, dob: dt.date | None = None, nationality: str = "", **kwargs) -> ScreeningResult:
    return screen_person(given_names=given, surname=surname, date_of_birth=dob, nationality=nationality, **kwargs)


def only_hit(result: ScreeningResult) -> Hit:
    assert len(result.hits) == 1, [h.entry_uid for h in result.hits]
    return result.hits[0]


@pytest.fixture
def low_threshold(settings):
    """Show every resemblance, so tests can read the raw scores."""
    settings.SCREENING_HIT_THRESHOLD = 40.0
    settings.SCREENING_MIN_NAME_SCORE = 40.0


def test_exact_name_is_a_hit_on_the_name_alone(loaded):
    result = screen("John", "Smith")
    hit = only_hit(result)
    assert not result.clear
    assert hit.entry_uid == "ofac-sdn:1009"
    assert hit.primary_name == hit.matched_name == "SMITH, John"
    assert not hit.matched_alias
    assert hit.score == 100.0
    assert hit.fields == ["name"]
    assert set(hit.components) == {
        "name", "token_sort", "token_set", "surname", "given_names", "date_of_birth", "nationality",
    }  # fmt: skip
    assert hit.components["date_of_birth"] == 0.0


def test_unrelated_name_is_clear(loaded):
    result = screen("Jaan", "Tamm", dt.date(1980, 1, 1), "EE")
    assert result.clear and result.hits == []
    assert result.list_version_id == loaded.version.pk
    assert result.list_label == loaded.version.label


def test_empty_name_is_clear(loaded):
    assert screen("", "  ").clear


def test_matching_date_of_birth_turns_a_near_name_into_a_hit(loaded):
    assert screen("Jon", "Smyth").clear
    hit = only_hit(screen("Jon", "Smyth", dt.date(1970, 4, 5)))
    assert hit.entry_uid == "ofac-sdn:1009"
    assert hit.fields == ["name", "date_of_birth"]
    assert hit.components["date_of_birth"] == 10.0
    assert hit.score == pytest.approx(hit.components["name"] + 10.0, abs=0.11)


def test_conflicting_date_of_birth_lowers_strongly(loaded, low_threshold):
    same_day = only_hit(screen("John", "Smith", dt.date(1970, 4, 5))).score
    near = only_hit(screen("John", "Smith", dt.date(1971, 1, 20)))
    swapped = only_hit(screen("John", "Smith", dt.date(1970, 5, 4)))
    conflict = only_hit(screen("John", "Smith", dt.date(1990, 1, 1)))
    assert same_day == 100.0
    assert swapped.components["date_of_birth"] == 4.0 and "date_of_birth" in swapped.fields
    assert near.components["date_of_birth"] == -8.0 and near.score == 92.0
    assert conflict.components["date_of_birth"] == -30.0 and conflict.score == 70.0
    assert "date_of_birth" not in conflict.fields


def test_conflicting_date_of_birth_clears_an_exact_name_at_the_default_threshold(loaded):
    assert screen("John", "Smith", dt.date(1990, 1, 1)).clear


def test_dates_inside_listed_ranges_and_years(loaded, low_threshold):
    within = only_hit(screen("Hassan", "Ali", dt.date(1961, 6, 1)))
    assert within.components["date_of_birth"] == 6.0
    assert "falls within the listed date of birth 1960 to 1962" in within.explanation
    outside = only_hit(screen("Hassan", "Ali", dt.date(1950, 6, 1)))
    assert outside.components["date_of_birth"] == -30.0
    month = only_hit(screen("Van An", "Nguyen", dt.date(1975, 3, 30)))
    assert month.components["date_of_birth"] == 6.0


def test_circa_dates_are_widened_by_the_setting(loaded, low_threshold, settings):
    hit = only_hit(screen("Muhammad Abd al-Aziz", "Al-Rashid", dt.date(1976, 5, 5)))
    assert hit.components["date_of_birth"] == 6.0  # circa 1978 covers 1976-1980
    settings.SCREENING_DOB_CIRCA_YEARS = 0
    hit = only_hit(screen("Muhammad Abd al-Aziz", "Al-Rashid", dt.date(1976, 5, 5)))
    assert hit.components["date_of_birth"] == -8.0


def test_matching_nationality_raises_a_bit_and_a_different_one_does_not_lower(loaded, low_threshold):
    plain = only_hit(screen("Jon", "Smyth")).score
    same = only_hit(screen("Jon", "Smyth", nationality="gb"))
    other = only_hit(screen("Jon", "Smyth", nationality="FR"))
    assert same.score == pytest.approx(plain + 4.0)
    assert same.fields == ["name", "nationality"]
    assert "The nationality United Kingdom is listed for this entry (+4)." in same.explanation
    assert other.score == plain
    assert "is not among the listed United Kingdom" in other.explanation
    assert only_hit(screen("Jon", "Smyth", nationality="United Kingdom")).score == same.score


def test_citizenship_counts_as_nationality(loaded, low_threshold):
    hit = only_hit(screen("Muhammad Abd al-Aziz", "Al-Rashid", nationality="JO"))
    assert "nationality" in hit.fields


def test_alias_match_reports_the_alias_as_listed(loaded):
    hit = only_hit(screen("Mohammed", "Al-Rasheed"))
    assert hit.entry_uid == "ofac-sdn:1002"
    assert hit.matched_alias
    assert hit.matched_name == "AL-RASHEED, Mohammed"
    assert hit.primary_name == "AL-RASHID, Muhammad Abd al-Aziz"
    assert "resembles “AL-RASHEED, Mohammed”, an alias of entry ofac-sdn:1002" in hit.explanation


def test_transliteration_order_and_missing_middle_name(loaded):
    assert only_hit(screen("Иван", "Петров")).entry_uid == "ofac-sdn:1001"
    assert only_hit(screen("Smith", "John")).score == 100.0  # fields swapped
    assert only_hit(screen("MARÍA JOSÉ", "garcía lópez")).score == 100.0
    missing_middle = only_hit(screen("Maria", "Garcia Lopez"))
    assert missing_middle.entry_uid == "ofac-sdn:1003"
    assert 90.0 < missing_middle.score < 100.0
    assert only_hit(screen("Dr. John", "Smith")).score == 100.0


def test_individuals_are_not_screened_against_entities_unless_asked(loaded):
    assert screen("Acme", "Trading").clear
    hit = only_hit(screen("Acme", "Trading", include_entities=True))
    assert hit.entry_uid == "ofac-sdn:1004"


def test_screen_organisation_uses_entities_vessels_and_aircraft(loaded):
    assert only_hit(screen_organisation(name="ACME Trading LLC")).entry_uid == "ofac-sdn:1004"
    assert only_hit(screen_organisation(name="Acme Trade")).matched_name == "ACME TRADE"
    assert only_hit(screen_organisation(name="Sea Star")).entry["kind"] == "vessel"
    assert screen_organisation(name="John Smith").clear


def test_explanation_names_every_piece_of_evidence(loaded):
    hit = only_hit(screen("Jon", "Smyth", dt.date(1970, 4, 5), "GB"))
    text = hit.explanation
    assert "“Jon Smyth”" in text
    assert "“SMITH, John”, the listed name of entry ofac-sdn:1009" in text
    assert loaded.version.label in text
    assert f"name score {hit.components['name']:.0f} of 100" in text
    assert "The date of birth 1970-04-05 is listed for this entry (+10)." in text
    assert "The nationality United Kingdom is listed for this entry (+4)." in text
    assert "a hit needs 86" in text
    assert hit.fields == ["name", "date_of_birth", "nationality"]


def test_hit_carries_the_list_entry(loaded):
    hit = only_hit(screen("Ivan", "Petrov", dt.date(1965, 3, 12), "RU"))
    assert hit.entry["programs"] == ["UKRAINE-EO13660", "RUSSIA-EO14024"]
    assert hit.entry["dates_of_birth"] == ["12 Mar 1965"]
    assert hit.entry["nationalities"] == ["RU"]
    assert hit.entry["places_of_birth"] == ["Moscow, Russia"]
    assert hit.entry["aliases"] == ["PETROFF, Ivan", "VANYA"]
    assert hit.entry["remarks"].startswith("DOB 12 Mar 1965")
    assert hit.list_label == loaded.version.label


def test_threshold_is_a_setting(loaded, settings):
    settings.SCREENING_HIT_THRESHOLD = 100.5
    assert screen("John", "Smith").clear


def test_hits_round_trip_through_json(loaded):
    result = screen("Ivan", "Petroff", dt.date(1965, 3, 12), "RU")
    stored = json.loads(json.dumps(result.to_dict()))
    restored = ScreeningResult.from_dict(stored)
    assert restored == result
    hit = result.hits[0]
    assert Hit.from_dict(json.loads(json.dumps(hit.to_dict()))) == hit
    assert Hit.from_dict({**hit.to_dict(), "added_later": 1}) == hit


def test_blocking_finds_what_the_naive_scan_finds(loaded, low_threshold):
    index = get_index()
    for given, surname, dob in [
        ("John", "Smith", None),
        ("Jhon", "Smtih", dt.date(1970, 4, 5)),
        ("Hasan", "Aly", None),
        ("Vanya", "", None),
        ("Mariа", "Lopez", None),
        ("Chol", "Kim", None),
    ]:
        query = normalise_person(given, surname)
        fast = [(m.entry.uid, round(m.score, 6)) for m in index.search(query, date_of_birth=dob)]
        slow = [(m.entry.uid, round(m.score, 6)) for m in index.naive_search(query, date_of_birth=dob)]
        assert fast == slow
        assert fast, (given, surname)
