import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import (
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
    close_old_connections,
    connection,
)
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from audit.exceptions import JournalImmutable, UnjournaledTransition
from audit.models import JournalEntry
from audit.selectors import journal_for
from audit.services import journal_record, transition, verify_chain
from audit.triggers import remove_triggers
from tests.fsm_app.models import Case

DB_REFUSALS = (IntegrityError, InternalError, OperationalError, ProgrammingError)


@pytest.fixture
def case(db):
    return Case.objects.create()


def test_transition_writes_exactly_one_entry_with_actor_states_and_reason(case, personas):
    transition(case, "open", actor=personas["ivan"], reason="looks fine", data={"n": 1})
    entries = list(journal_for(case))
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.from_state, entry.to_state) == ("open", "new", "open")
    assert entry.actor == personas["ivan"] and entry.actor_label == personas["ivan"].email
    assert entry.reason == "looks fine" and entry.data == {"n": 1}
    assert entry.subject_type == "fsm_app.case" and entry.subject_id == str(case.code)
    case.refresh_from_db()
    assert case.state == "open"


def test_transition_passes_arguments_and_saves_changes(case):
    transition(case, "open", actor="system")
    transition(case, "close", actor="system", note="done")
    case.refresh_from_db()
    assert case.state == "closed" and case.note == "done"
    assert [e.to_state for e in journal_for(case)] == ["open", "closed"]


def test_calling_a_transition_directly_is_refused(case):
    with pytest.raises(UnjournaledTransition):
        case.open()
    assert case.state == "new"
    assert JournalEntry.objects.count() == 0


def test_transition_not_allowed_writes_nothing(case):
    with pytest.raises(TransitionNotAllowed):
        transition(case, "close", actor="system")
    assert JournalEntry.objects.count() == 0


def test_failing_transition_leaves_no_entry_and_no_state_change(case):
    transition(case, "open", actor="system")
    with pytest.raises(RuntimeError):
        transition(case, "explode", actor="system")
    case.refresh_from_db()
    assert case.state == "open"
    assert JournalEntry.objects.count() == 1


def test_stale_object_is_refused_and_journal_stays_single(case, personas):
    first = Case.objects.get(pk=case.pk)
    second = Case.objects.get(pk=case.pk)
    transition(first, "open", actor=personas["ivan"])
    with pytest.raises(ConcurrentTransition):
        transition(second, "open", actor=personas["iris"])
    assert JournalEntry.objects.filter(action="open").count() == 1
    assert JournalEntry.objects.get().actor == personas["ivan"]


def test_orm_cannot_change_or_delete_entries(case):
    transition(case, "open", actor="system")
    entry = JournalEntry.objects.get()
    entry.reason = "rewritten"
    with pytest.raises(JournalImmutable):
        entry.save()
    with pytest.raises(JournalImmutable):
        entry.delete()
    with pytest.raises(JournalImmutable):
        JournalEntry.objects.all().update(reason="x")
    with pytest.raises(JournalImmutable):
        JournalEntry.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_database_trigger_refuses_raw_update_and_delete():
    journal_record(actor=None, action="test", subject=("t.case", "1"))
    for sql in ("UPDATE audit_journalentry SET reason = 'x'", "DELETE FROM audit_journalentry"):
        with pytest.raises(DB_REFUSALS), connection.cursor() as cursor:
            cursor.execute(sql)
    assert JournalEntry.objects.count() == 1


def _drop_triggers(cursor):
    """What an attacker with DDL rights would do first."""
    remove_triggers(connection)


def _append(n):
    for i in range(n):
        journal_record(actor=None, action="test", subject=("t.case", str(i)), reason=f"entry {i}")


@pytest.mark.parametrize(
    ("sql", "broken_seq"),
    [
        ("UPDATE audit_journalentry SET reason = 'forged' WHERE seq = 3", 3),
        ("UPDATE audit_journalentry SET data = '{\"amount\": 1}' WHERE seq = 2", 2),
        ("UPDATE audit_journalentry SET actor_label = 'someone else' WHERE seq = 4", 4),
        ("DELETE FROM audit_journalentry WHERE seq = 2", 3),
        ("DELETE FROM audit_journalentry WHERE seq = 5", 5),
    ],
)
def test_verify_names_the_first_broken_entry_after_raw_sql(db, sql, broken_seq):
    _append(5)
    assert verify_chain().ok
    with connection.cursor() as cursor:
        _drop_triggers(cursor)
        cursor.execute(sql)
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_seq == broken_seq
    with pytest.raises(CommandError, match=f"entry #{broken_seq}"):
        call_command("verify_journal")


def test_verify_detects_a_recomputed_but_reordered_chain(db):
    _append(3)
    with connection.cursor() as cursor:
        _drop_triggers(cursor)
        # Swap two rows' contents but keep their hashes: both become inconsistent.
        cursor.execute("UPDATE audit_journalentry SET reason = 'entry 2' WHERE seq = 2")
    assert verify_chain().first_broken_seq == 2


def test_verify_command_reports_intact_chain(db, capsys):
    _append(4)
    call_command("verify_journal")
    assert "4 entries verified" in capsys.readouterr().out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_appending_at_once_give_one_unbroken_chain():
    barrier = threading.Barrier(20)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            for i in range(5):
                journal_record(actor=None, action="race", subject=("t.race", f"{n}-{i}"))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_chain()
    assert report.ok and report.checked == 100
    assert sorted(JournalEntry.objects.values_list("seq", flat=True)) == list(range(1, 101))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officials_transitioning_at_once_one_wins():
    case = Case.objects.create()
    barrier = threading.Barrier(2)
    outcomes = []

    def worker(label):
        try:
            obj = Case.objects.get(pk=case.pk)
            barrier.wait()
            transition(obj, "open", actor=label)
            outcomes.append("won")
        except (ConcurrentTransition, TransitionNotAllowed):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"official-{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "won"]
    assert JournalEntry.objects.filter(action="open").count() == 1
    assert verify_chain().ok
