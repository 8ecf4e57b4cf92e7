import pytest

from exchange.models import AccessLogEntry
from exchange.selectors import accesses_to
from exchange.services import log_access


def test_official_read_is_logged_with_role_person_and_purpose(personas):
    entry = log_access(
        reader=personas["ivan"],
        person=personas["alice"],
        what="application",
        purpose="review",
        record=personas["alice"],
    )
    assert entry.reader_role == "identity_official" and entry.person == personas["alice"]
    assert entry.record_type == "accounts.user" and entry.record_id == str(personas["alice"].code)
    assert list(accesses_to(personas["alice"])) == [entry]
    assert list(accesses_to(personas["oscar"])) == []


def test_agency_read_is_logged_by_consumer(personas):
    entry = log_access(consumer="business-register", person=personas["alice"], what="ID validity", purpose="founding")
    assert entry.reader is None and entry.consumer == "business-register"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"what": "x", "purpose": ""},
        {"what": "x", "purpose": "p", "reader": None},
    ],
)
def test_incomplete_access_is_refused(personas, kwargs):
    kwargs.setdefault("reader", personas["ivan"])
    with pytest.raises(ValueError):
        log_access(person=personas["alice"], **kwargs)
    assert AccessLogEntry.objects.count() == 0


def test_database_refuses_an_access_without_reader(personas):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        AccessLogEntry.objects.create(person=personas["alice"], what="x", purpose="y")


def test_each_person_sees_only_reads_of_their_own_data(db):
    from tests.factories import UserFactory

    official = UserFactory(identity_official=True)
    people = UserFactory.create_batch(3)
    for person in people:
        log_access(reader=official, person=person, what="application", purpose="review")
    log_access(reader=official, person=people[0], what="photo", purpose="review")
    assert [e.what for e in accesses_to(people[0])] == ["photo", "application"]
    assert accesses_to(people[1]).count() == 1
    assert all(e.reader_role == "identity_official" for e in accesses_to(people[2]))
