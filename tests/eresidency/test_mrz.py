from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import mrz

SPECIMEN_TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
SPECIMEN_TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"


def test_check_digits_of_the_icao_specimen():
    assert mrz.check_digit("L898902C3") == "6"
    assert mrz.check_digit("740812") == "2"
    assert mrz.check_digit("120415") == "9"
    assert mrz.check_digit("ZE184226B<<<<<") == "1"
    assert mrz.check_digit("L898902C3674081221204159ZE184226B<<<<<1") == "0"


def test_specimen_passport_parses_clean():
    zone = mrz.parse(SPECIMEN_TD3)
    assert zone.valid
    assert (zone.format, zone.issuing_state, zone.surname, zone.given_names) == ("TD3", "UTO", "ERIKSSON", "ANNA MARIA")
    assert (zone.document_number, zone.birth, zone.sex, zone.expiry) == ("L898902C3", "740812", "F", "120415")


def test_specimen_identity_card_parses_clean():
    zone = mrz.parse(SPECIMEN_TD1)
    assert zone.valid and zone.format == "TD1"
    assert zone.document_number == "D23145890"


@pytest.mark.parametrize(
    ("position", "replacement", "what"),
    [(9, "7", "document number"), (19, "3", "date of birth"), (27, "8", "expiry date"), (43, "1", "composite")],
)
def test_each_wrong_check_digit_is_named(position, replacement, what):
    line1, line2 = SPECIMEN_TD3.split("\n")
    broken = line2[:position] + replacement + line2[position + 1 :]
    zone = mrz.parse(f"{line1}\n{broken}")
    assert not zone.valid
    assert any(what in error for error in zone.errors)


def test_a_changed_digit_in_the_data_breaks_its_check_digit():
    line1, line2 = SPECIMEN_TD3.split("\n")
    zone = mrz.parse(f"{line1}\n{line2.replace('7408122', '7408132')}")
    assert any("date of birth" in e for e in zone.errors)


@pytest.mark.parametrize(
    "text",
    [
        "P<UTOERIKSSON<<ANNA",  # too short
        SPECIMEN_TD3 + "\nEXTRA<LINE",
        SPECIMEN_TD3.replace("<", " ", 3).replace("P", "p<script>", 1),
    ],
)
def test_unreadable_zones_raise_a_clear_error(text):
    with pytest.raises(mrz.MrzError):
        mrz.parse(text)


def test_pasted_zone_with_spaces_and_lowercase_is_read():
    zone = mrz.parse("  " + SPECIMEN_TD3.lower().replace("\n", "\r\n\n") + "  ")
    assert zone.valid


def test_comparison_with_typed_data():
    zone = mrz.parse(
        mrz.compose_td3(
            surname="Müller",
            given_names="Jürgen Karl",
            number="C01X00T47",
            issuing="DE",
            nationality="DE",
            birth=date(1964, 8, 12),
            sex="M",
            expiry=date(2031, 1, 1),
        )
    )
    assert zone.issuing_state == "D"  # Germany's MRZ code
    typed = {
        "document_type": "passport",
        "document_number": "c01x00t47",
        "document_country": "DE",
        "citizenship": "DE",
        "surname": "Müller",
        "given_names": "Jürgen Karl",
        "date_of_birth": date(1964, 8, 12),
        "sex": "M",
        "document_expiry": date(2031, 1, 1),
    }
    assert mrz.mismatches(zone, **typed) == []
    # The zone says MUELLER: a different typed spelling is a mismatch ...
    assert mrz.mismatches(zone, **{**typed, "surname": "Muller"}) != []
    # ... while a zone that drops the umlaut instead (MULLER) still agrees with "Müller".
    assert mrz._name_matches("MULLER", "Müller") and mrz._name_matches("MUELLER", "Müller")
    wrong = mrz.mismatches(zone, **{**typed, "date_of_birth": date(1964, 8, 13), "document_country": "AT", "sex": "F"})
    assert len(wrong) == 3
    assert any("identity card" in p for p in mrz.mismatches(zone, **{**typed, "document_type": "id_card"}))


@given(
    number=st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789", min_size=5, max_size=9),
    birth=st.dates(min_value=date(1931, 1, 1), max_value=date(2007, 12, 31)),
    expiry=st.dates(min_value=date(2026, 1, 1), max_value=date(2045, 12, 31)),
    sex=st.sampled_from(["M", "F", "X"]),
)
def test_composed_zones_always_verify(number, birth, expiry, sex):
    for compose, kind in ((mrz.compose_td3, "passport"), (mrz.compose_td1, "id_card")):
        zone = mrz.parse(
            compose(
                surname="Tamm",
                given_names="Mari Liis",
                number=number,
                issuing="EE",
                nationality="EE",
                birth=birth,
                sex=sex,
                expiry=expiry,
            )
        )
        assert zone.valid, zone.errors
        assert (
            mrz.mismatches(
                zone,
                document_type=kind,
                document_number=number,
                document_country="EE",
                citizenship="EE",
                surname="Tamm",
                given_names="Mari Liis",
                date_of_birth=birth,
                sex=sex,
                document_expiry=expiry,
            )
            == []
        )
