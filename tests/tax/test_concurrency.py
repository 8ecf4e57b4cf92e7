"""Races on PostgreSQL with real threads: two filers storing a return for the same company,
kind and period at the same moment end in one version in force and one clear refusal."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tax.calculator import calculate
from tax.exceptions import TaxError
from tax.models import TaxReturn
from tax.services.returns import _store_return

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_filings_at_once_store_one_version(company, personas, monkeypatch):
    # The receipt is not what is raced here (and the stand-in bytes are not a PDF to seal).
    monkeypatch.setattr("tax.services.returns.enqueue_job_on_commit", lambda *a, **k: None)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def store(net):
        data = {"kind": "TSD", "period": "2026-11", "annex7": [{"recipient": "A", "net": net, "paid_on": "2026-11-02"}]}
        result = calculate(data)
        try:
            barrier.wait()
            outcomes.append(
                _store_return(
                    account=company,
                    data=data,
                    result=result,
                    signed=b"%PDF-1.7 signed",
                    version=1,
                    current=None,
                    actor=personas["alice"],
                    role="board_member",
                    source="json",
                )
            )
        except TaxError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=store, args=(net,)) for net in ("100.00", "200.00")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = [o for o in outcomes if isinstance(o, TaxReturn)]
    refused = [o for o in outcomes if isinstance(o, TaxError)]
    assert len(stored) == 1 and len(refused) == 1, outcomes
    assert "filed a moment ago" in refused[0].message
    assert TaxReturn.objects.filter(account=company, state="submitted").count() == 1
