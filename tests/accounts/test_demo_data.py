"""`manage.py demo_data` (what `make run` loads) fills a fresh database with every persona,
the CA hierarchy, pick-up points and slots, a sanctions list and demo applications."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from eresidency.constants import State
from eresidency.models import Application

SDN = Path(settings.SANCTIONS_DEMO_LIST)


# Real commits: the demo's background tasks run after each transaction, as under `make run`.
@pytest.mark.django_db(transaction=True)
def test_demo_data_loads_a_usable_system(settings, tmp_path):
    lines = SDN.read_bytes().splitlines(keepends=True)
    small = [line for n, line in enumerate(lines) if n < 300 or b"AL-WALID" in line]
    (tmp_path / "sdn.csv").write_bytes(b"".join(small))
    settings.DEMO_DATA_COMMANDS = [
        [*command[:-1], str(tmp_path / "sdn.csv")] if command[0] == "load_sanctions_list" else command
        for command in settings.DEMO_DATA_COMMANDS
    ]
    out = StringIO()
    call_command("demo_data", stdout=out)
    call_command("demo_data", stdout=StringIO())  # idempotent: a second run changes nothing
    text = out.getvalue()
    assert "TOTP secret" in text and "ivan@identity.example.org" in text
    assert User.objects.filter(email__endswith="example.org").count() >= 8
    states = dict(Application.objects.values_list("applicant__email", "state"))
    assert states["alice@example.org"] == State.APPROVED
    assert states["oscar@example.net"] == State.IN_REVIEW
    flagged = Application.objects.get(applicant__email="mahfouz.demo@example.net")
    assert flagged.state == State.IN_REVIEW and flagged.flagged
    assert Application.objects.get(applicant__email="alice@example.org").digital_id.state == "at_pickup_point"
    assert Application.objects.count() == 3
    # An approved e-resident's home points to the ID, not to a new application.
    from tests.conftest import signed_in_client

    home = signed_in_client(User.objects.get(email="alice@example.org")).get("/accounts/home/").content.decode()
    assert "You are an e-resident" in home and "Start an application" not in home
    assert "Your digital ID is waiting for you" in home
