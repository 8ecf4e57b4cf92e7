from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.selectors import journal_for
from screening import selectors
from screening.constants import EntryKind, NameKind
from screening.exceptions import ListConflict, ListFormatError, NoListLoaded, UnknownListFormat
from screening.index import get_index
from screening.loaders import _REGISTRY
from screening.loaders.ofac_sdn import OfacSdnLoader
from screening.models import Entry, EntryName, ListVersion, SanctionsList
from screening.services import index_warm, list_version_load, screen_person
from tests.screening.conftest import SMALL_ROWS, make_csv

pytestmark = pytest.mark.django_db


def load(data: bytes, **kwargs):
    kwargs.setdefault("name", "OFAC SDN")
    kwargs.setdefault("fmt", "ofac-sdn")
    return list_version_load(data=data, actor="test", **kwargs)


def test_load_stores_a_current_version_with_entries_and_names(loaded, small_csv):
    version = loaded.version
    assert loaded.created
    assert "10 entries" in loaded.message and "it is now current" in loaded.message
    assert version.is_current
    assert version.sanctions_list.slug == "ofac-sdn"
    assert version.entry_count == 10 == Entry.objects.filter(version=version).count()
    # 10 primary names + PETROFF, VANYA, AL-RASHEED, 'ABD AL-'AZIZ, ACME TRADE
    assert version.name_count == 15 == EntryName.objects.filter(version=version).count()
    assert len(version.source_sha256) == 64
    assert version.source_size == len(small_csv)
    assert version.stats["kinds"] == {"aircraft": 1, "entity": 1, "individual": 7, "vessel": 1}
    assert version.stats["unmapped_countries"] == {"Atlantis": 1}
    petrov = Entry.objects.get(version=version, source_id="1001")
    assert petrov.uid == "ofac-sdn:1001"
    assert petrov.kind == EntryKind.INDIVIDUAL
    assert petrov.nationalities == ["RU"]
    assert petrov.dates_of_birth[0]["start"] == "1965-03-12"
    names = {n.name: (n.kind, n.normalised) for n in petrov.names.all()}
    assert names == {
        "PETROV, Ivan Sergeyevich": (NameKind.PRIMARY, "ivan sergivich petrov"),
        "PETROFF, Ivan": (NameKind.AKA, "ivan petrof"),
        "VANYA": (NameKind.AKA, "vanya"),
    }


def test_label_names_list_date_and_hash(db, small_csv):
    outcome = load(small_csv, published_on=dt.date(2024, 5, 3))
    assert outcome.version.label == f"OFAC SDN 2024-05-03 (sha {outcome.version.source_sha256[:12]})"


def test_load_is_journaled(loaded):
    entries = list(journal_for(loaded.version))
    assert [e.action for e in entries] == ["screening.list_version_loaded"]
    assert entries[0].data["entries"] == 10
    assert entries[0].actor_label == "test"


def test_same_file_again_is_a_no_op_that_says_so(loaded, small_csv):
    again = load(small_csv)
    assert not again.created
    assert again.version == loaded.version
    assert "already loaded" in again.message and "nothing changed" in again.message
    assert ListVersion.objects.count() == 1
    assert Entry.objects.count() == 10
    assert len(list(journal_for(loaded.version))) == 1


def test_new_file_becomes_current_and_old_version_is_kept(loaded):
    changed = [*SMALL_ROWS[:-1], '1011,"TAMM, Jaan","individual","X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ']
    second = load(make_csv(changed))
    assert second.created
    first = ListVersion.objects.get(pk=loaded.version.pk)
    assert not first.is_current
    assert second.version.is_current
    assert [v.pk for v in selectors.current_versions()] == [second.version.pk]
    assert Entry.objects.filter(version=first).count() == 10  # kept for old screening results
    # loading the first file again does not switch back
    back = load(make_csv(SMALL_ROWS))
    assert not back.created
    assert "no longer the current version" in back.message
    assert SanctionsList.objects.get().current_version == second.version


def test_index_follows_the_current_version(loaded):
    before = screen_person(given_names="Hassan", surname="Ali", date_of_birth=None)
    assert [h.entry_uid for h in before.hits] == ["ofac-sdn:1010"]
    first_index = get_index()
    changed = [*SMALL_ROWS[:-1], '1011,"TAMM, Jaan","individual","X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ']
    second = load(make_csv(changed))
    after = screen_person(given_names="Hassan", surname="Ali", date_of_birth=None)
    assert after.clear
    assert after.list_version_id == second.version.pk
    assert get_index() is not first_index
    tamm = screen_person(given_names="Jaan", surname="Tamm", date_of_birth=None)
    assert [h.entry_uid for h in tamm.hits] == ["ofac-sdn:1011"]


def test_two_lists_are_screened_together(loaded):
    other = load(
        make_csv(['77,"TAMM, Jaan","individual","X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ']), name="Local list"
    )
    result = screen_person(given_names="Jaan", surname="Tamm", date_of_birth=None)
    assert [h.entry_uid for h in result.hits] == ["local-list:77"]
    assert result.hits[0].list_label == other.version.label
    assert sorted(result.list_version_ids) == sorted([loaded.version.pk, other.version.pk])
    assert "Local list" in result.list_label and "OFAC SDN" in result.list_label


def test_malformed_file_saves_nothing(db):
    with pytest.raises(ListFormatError, match="line 2"):
        load(make_csv([SMALL_ROWS[0], '1,"A","individual"']))
    assert not SanctionsList.objects.exists()
    assert not ListVersion.objects.exists()
    assert not Entry.objects.exists()


def test_unknown_format_is_refused(db, small_csv):
    with pytest.raises(UnknownListFormat):
        load(small_csv, fmt="eu-sanctions-csv")


def test_a_list_keeps_its_format(loaded, small_csv, monkeypatch):
    class OtherFormat(OfacSdnLoader):
        format = "other-csv"

    monkeypatch.setitem(_REGISTRY, "other-csv", OtherFormat)
    with pytest.raises(ListConflict):
        load(small_csv + b" ", fmt="other-csv")
    assert ListVersion.objects.count() == 1


def test_no_list_loaded(db):
    with pytest.raises(NoListLoaded):
        screen_person(given_names="Ivan", surname="Petrov", date_of_birth=None)
    with pytest.raises(NoListLoaded):
        index_warm()


def test_index_warm_builds_the_index(loaded):
    index = index_warm()
    assert len(index.entries) == 10
    assert index.name_count == 15
    assert index_warm() is index


def test_entry_by_uid(loaded):
    entry = selectors.entry_by_uid("ofac-sdn:1001")
    assert entry is not None and entry.primary_name == "PETROV, Ivan Sergeyevich"
    assert selectors.entry_by_uid("ofac-sdn:1001", version_id=loaded.version.pk) == entry
    assert selectors.entry_by_uid("ofac-sdn:99999") is None


# --- the management command ---------------------------------------------------------------


def test_command_loads_then_reports_no_op(db, tmp_path, small_csv):
    path = tmp_path / "sdn.csv"
    path.write_bytes(small_csv)
    out = StringIO()
    call_command(
        "load_sanctions_list", "--format", "ofac-sdn", "--name", "OFAC SDN", "--published", "2024-05-03", str(path),
        "--warm", stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    assert "Loaded OFAC SDN 2024-05-03" in text
    assert "Country names not mapped to a code: {'Atlantis': 1}" in text
    assert "Screening index built: 15 names" in text
    out = StringIO()
    call_command("load_sanctions_list", "--format", "ofac-sdn", "--name", "OFAC SDN", str(path), stdout=out)
    assert "already loaded" in out.getvalue()
    assert ListVersion.objects.get().source_name == "sdn.csv"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "3 May 2024"], "YYYY-MM-DD"),
        ([], "No such file"),
    ],
)
def test_command_errors(db, tmp_path, small_csv, args, message):
    path = tmp_path / "sdn.csv"
    if args:
        path.write_bytes(small_csv)
    base = ["--format", "ofac-sdn", "--name", "OFAC SDN", str(path)]
    with pytest.raises(CommandError, match=message):
        call_command("load_sanctions_list", *base, *args)


def test_command_reports_a_malformed_file(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b'1,"A","individual"\r\n')
    with pytest.raises(CommandError, match="expected 12 columns"):
        call_command("load_sanctions_list", "--format", "ofac-sdn", "--name", "OFAC SDN", str(path))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_loads_of_the_same_file_store_one_version(small_csv):
    import threading

    from django.db import connection

    load(small_csv)  # the list exists; both loaders below lock its row
    changed = make_csv([*SMALL_ROWS, '1011,"TAMM, Jaan","individual","X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '])
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def worker():
        try:
            barrier.wait()
            outcomes.append(load(changed))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(o.created for o in outcomes) == [False, True]
    assert ListVersion.objects.count() == 2
    assert SanctionsList.objects.get().current_version.entry_count == 11
