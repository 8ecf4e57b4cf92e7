"""Fixtures for screening tests: a small OFAC-format list written here, and a clean index."""

from __future__ import annotations

import pytest

from screening.index import clear_index

# Twelve columns, no header, "-0-" for empty, CRLF line ends and a final 0x1A, as OFAC ships it.
SMALL_ROWS = [
    '1001,"PETROV, Ivan Sergeyevich","individual","UKRAINE-EO13660] [RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,'
    "-0- ,-0- ,\"DOB 12 Mar 1965; POB Moscow, Russia; nationality Russia; Gender Male; a.k.a. 'PETROFF, Ivan'; "
    "a.k.a. 'VANYA'.\"",
    '1002,"AL-RASHID, Muhammad Abd al-Aziz","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 1970; alt. DOB circa 1978; POB Baghdad, Iraq; nationality Iraq; citizen Jordan; '
    "f.k.a. 'AL-RASHEED, Mohammed'; a.k.a. ''ABD AL-'AZIZ'.\"",
    '1003,"GARCIA LOPEZ, Maria Jose","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 01 Jan 1980 to 31 Dec 1982; nationality Mexico."',
    '1004,"ACME TRADING LLC",-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    "\"a.k.a. 'ACME TRADE'; Website www.acme.example.\"",
    '1005,"SEA STAR","vessel","IRAN","Captain",-0- ,"Crude Oil Tanker",-0- ,"81479","Panama",-0- ,'
    '"Vessel Registration Identification IMO 9000000."',
    '1006,"EP-ABC","aircraft","IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Aircraft Model Boeing 747."',
    '1007,"KIM, Chol","individual","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"nationality Korea, North."',
    '1008,"NGUYEN, Van An","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB Mar 1975; nationality Vietnam; nationality Atlantis."',
    '1009,"SMITH, John","individual","SDGT","Dr.",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 05 Apr 1970; nationality United Kingdom."',
    '1010,"ALI, Hassan","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 1960 to 1962; nationality Pakistan."',
]


def make_csv(rows: list[str]) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode("utf-8") + b"\x1a"


@pytest.fixture
def small_csv() -> bytes:
    return make_csv(SMALL_ROWS)


@pytest.fixture(autouse=True)
def _fresh_index():
    clear_index()
    yield
    clear_index()


@pytest.fixture
def loaded(db, small_csv):
    from screening.services import list_version_load

    return list_version_load(name="OFAC SDN", fmt="ofac-sdn", data=small_csv, source_name="sdn.csv", actor="test")
