from django.db import connection
from django.urls import reverse

from audit.services import journal_record
from audit.triggers import remove_triggers


def test_auditor_browses_and_filters_the_journal(client_for, personas):
    journal_record(actor=personas["ivan"], action="approve", subject=("eresidency.application", "A1"))
    journal_record(actor=personas["ivan"], action="refuse", subject=("eresidency.application", "A2"))
    client = client_for("aud")
    body = client.get(reverse("accounts:journal"), {"action": "refuse"}).content.decode()
    assert "A2" in body and "A1" not in body


def test_verify_button_reports_intact_and_broken_chain(client_for, personas):
    for n in range(3):
        journal_record(actor=None, action="test", subject=("t.case", str(n)))
    client = client_for("aud")
    body = client.post(reverse("accounts:journal_verify"), follow=True).content.decode()
    assert "intact: 3 entries verified" in body
    remove_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_journalentry SET reason = 'x' WHERE seq = 2")
    body = client.post(reverse("accounts:journal_verify"), follow=True).content.decode()
    assert "broken at entry #2" in body


def test_role_specific_empty_states(client_for):
    assert "No founding applications" in client_for("rita").get(reverse("accounts:home")).content.decode()
    assert "No tax returns are waiting" in client_for("tom").get(reverse("accounts:home")).content.decode()
    assert "No background task has failed" in client_for("ada").get(reverse("accounts:home")).content.decode()
