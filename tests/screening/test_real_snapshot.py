"""The real OFAC SDN snapshot (2024-05-03) loads completely and screens as expected.

One test, so the file is stored once per run (a few seconds on SQLite; time printed, not
asserted; speed is measured in bench/bench_screening.py).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from django.conf import settings

from screening.models import Entry, EntryName
from screening.services import list_version_load, screen_person

SNAPSHOT = Path(settings.SANCTIONS_DEMO_LIST)

pytestmark = [
    pytest.mark.django_db,
]


def test_full_snapshot_loads_and_screens():
    data = SNAPSHOT.read_bytes()
    started = time.perf_counter()
    outcome = list_version_load(
        name="OFAC SDN", fmt="ofac-sdn", data=data, source_name=SNAPSHOT.name, published_on=dt.date(2024, 5, 3),
        actor="test",
    )  # fmt: skip
    print(f"\nfull OFAC SDN snapshot loaded in {time.perf_counter() - started:.2f} s")
    version = outcome.version
    assert outcome.created
    assert version.entry_count == 14965
    assert version.stats["kinds"] == {"aircraft": 376, "entity": 6884, "individual": 6854, "vessel": 851}
    assert version.stats["aliases"] == 3666  # 3,578 a.k.a. + 87 f.k.a. + 1 n.k.a.
    assert version.name_count == 14965 + 3666 == EntryName.objects.filter(version=version).count()
    assert version.stats["unparsed_dates"] == 0
    assert version.stats["unmapped_countries"] == {}
    nasrallah = Entry.objects.get(version=version, source_id="2686")
    assert [d["text"] for d in nasrallah.dates_of_birth] == ["31 Aug 1960", "31 Aug 1953", "31 Aug 1955", "31 Aug 1958"]
    assert Entry.objects.get(version=version, source_id="21171").nationalities == ["RU"]

    again = list_version_load(name="OFAC SDN", fmt="ofac-sdn", data=data, actor="test")
    assert not again.created

    hit = screen_person(given_names="Hasan", surname="Nasrallah", date_of_birth=dt.date(1955, 8, 31)).hits[0]
    assert hit.entry_uid == "ofac-sdn:2686"
    assert hit.fields == ["name", "date_of_birth"]
    prigozhin = screen_person(
        given_names="Evgeniy Viktorovich", surname="Prigozhin", date_of_birth=dt.date(1961, 6, 1), nationality="RU"
    )
    assert [h.entry_uid for h in prigozhin.hits] == ["ofac-sdn:21171"]
    assert screen_person(given_names="Kadri", surname="Tamm", date_of_birth=dt.date(1990, 2, 3), nationality="EE").clear
