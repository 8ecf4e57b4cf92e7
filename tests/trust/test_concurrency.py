"""Parallel wrong guesses must each count (PostgreSQL, real threads, real row locks)."""

import threading
import time

import pytest
from django.db import connection

from tests.trust.conftest import issue
from trust.constants import KeyRole
from trust.exceptions import PinBlocked, PukBlocked, WrongPin, WrongPuk
from trust.models import Credential, PersonKey
from trust.services import custody, hierarchy_install, pin_unblock, signing_key_unlock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _slow_kdf(monkeypatch):
    """Stretch the KDF so both threads are inside the check at the same time."""
    real = custody._derive

    def slow(secret, salt, params):
        time.sleep(0.3)
        return real(secret, salt, params)

    monkeypatch.setattr(custody, "_derive", slow)


def _in_parallel(n, func):
    barrier = threading.Barrier(n)
    outcomes = []

    def run():
        try:
            barrier.wait()
            func()
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_two_parallel_wrong_pins_count_twice(pki_material, monkeypatch):
    hierarchy_install(material=pki_material, actor="test")
    creds = issue()
    _slow_kdf(monkeypatch)
    outcomes = _in_parallel(2, lambda: signing_key_unlock(credential=creds.credential, pin2="00000"))
    assert sorted(o.tries_left for o in outcomes if isinstance(o, WrongPin)) == [1, 2]
    assert PersonKey.objects.get(credential=creds.credential, role=KeyRole.SIGN).pin_tries_left == 1


def test_parallel_wrong_guesses_never_exceed_three(pki_material, monkeypatch):
    hierarchy_install(material=pki_material, actor="test")
    creds = issue()
    _slow_kdf(monkeypatch)
    outcomes = _in_parallel(4, lambda: signing_key_unlock(credential=creds.credential, pin2="00000"))
    assert sum(isinstance(o, PinBlocked) for o in outcomes) == 2  # the third guess blocks, the fourth finds it blocked
    assert sum(isinstance(o, WrongPin) for o in outcomes) == 2
    assert PersonKey.objects.get(credential=creds.credential, role=KeyRole.SIGN).pin_tries_left == 0


def test_two_parallel_wrong_puks_count_twice(pki_material, monkeypatch):
    hierarchy_install(material=pki_material, actor="test")
    creds = issue()
    _slow_kdf(monkeypatch)
    outcomes = _in_parallel(
        2,
        lambda: pin_unblock(credential=creds.credential, role="sign", puk="00000000", new_pin="12345", actor="t"),
    )
    assert all(isinstance(o, WrongPuk | PukBlocked) for o in outcomes)
    assert Credential.objects.get(pk=creds.credential.pk).puk_tries_left == 1
