"""The people's pages: the Data Tracker, the DPO view, members and agreements, through HTTP."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from exchange.models import AccessLogEntry, Member
from exchange.services import exchange_query, log_access, member_issue_credentials
from tests.conftest import signed_in_client
from tests.exchange.api_helpers import ask, token_for
from tests.exchange.conftest import COMPANY_CODE, REPRESENTATION

GOOD = {"subject": COMPANY_CODE, "purpose": "opening a business account", "legal_basis": "MLTFPA § 20"}


def test_the_person_sees_the_banks_read_on_their_page(pki, bank, bank_agreement, personas, client_for):
    credentials = member_issue_credentials(member=bank, actor=bank.contact)
    assert ask(token_for(credentials), REPRESENTATION, GOOD).status_code == 200
    log_access(reader=personas["ivan"], person=personas["alice"], what="e-Residency application", purpose="review")
    page = client_for("alice").get("/exchange/my-data/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Example Bank AS" in text and "opening a business account" in text
    assert "Through the data exchange" in text and "MLTFPA § 20" in text
    assert "Identity official: Ivan Identity" in text  # an official inside an agency, by role and name
    # The outsider sees none of it.
    assert "Example Bank AS" not in client_for("oscar").get("/exchange/my-data/").content.decode()


def test_filters_by_reader_and_period_and_exports_csv(pki, bank, bank_agreement, personas, client_for):
    exchange_query(consumer=bank, service=REPRESENTATION, subject=COMPANY_CODE, purpose="kyc", legal_basis="MLTFPA")
    old = log_access(reader=personas["ivan"], person=personas["alice"], what="photo", purpose="review")
    AccessLogEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    client = client_for("alice")
    only_bank = client.get("/exchange/my-data/", {"reader": f"member:{bank.code}"}).content.decode()
    assert "Example Bank AS" in only_bank and "photo" not in only_bank
    recent = client.get("/exchange/my-data/", {"start": (timezone.localdate() - timedelta(days=7)).isoformat()})
    assert "photo" not in recent.content.decode() and "Example Bank AS" in recent.content.decode()
    export = client.get("/exchange/my-data/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][0] == "Time" and len(rows) == 3
    assert {rows[1][1], rows[2][1]} == {"Example Bank AS", "Identity board (Police and Border Guard Board)"}
    bad = client.get("/exchange/my-data/", {"start": "2026-02-01", "end": "2026-01-01"})
    assert bad.status_code == 200 and "before its start" in bad.content.decode()


def test_tracker_page_runs_a_constant_number_of_queries(pki, bank, bank_agreement, personas, client_for,
                                                        django_assert_max_num_queries):  # fmt: skip
    client = client_for("alice")
    for _ in range(30):
        exchange_query(consumer=bank, service=REPRESENTATION, subject=COMPANY_CODE, purpose="kyc", legal_basis="x")
        log_access(reader=personas["ivan"], person=personas["alice"], what="photo", purpose="review")
    with django_assert_max_num_queries(12):
        assert client.get("/exchange/my-data/").status_code == 200


def test_dpo_view_explains_each_finding(pki, bank, bank_agreement, personas, client_for, settings):
    settings.EXCHANGE_DPO_DAILY_READS = 3
    log_access(reader=personas["tom"], person=personas["alice"], what="income data", purpose="curiosity")
    for _ in range(5):
        exchange_query(consumer=bank, service=REPRESENTATION, subject=COMPANY_CODE, purpose="kyc", legal_basis="x")
    # A read under an agreement that has since ended (as if the end had been back-dated).
    from exchange.models import Agreement

    Agreement.objects.filter(pk=bank_agreement.pk).update(ended_at=timezone.now() - timedelta(hours=1))
    page = client_for("aud").get("/exchange/dpo/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Tom Taxofficer" in text and "curiosity" in text  # no case
    assert "Example Bank AS" in text  # volume, and reads after the end
    assert "names no case file" in text and "three times the usual day" in text and "security incident" in text
    assert client_for("ada").get("/exchange/dpo/").status_code == 403


def test_member_journey_through_the_pages(pki, personas, client_for):
    from tests.factories import UserFactory

    contact = UserFactory(email="kyc@bank.example.com")
    client = signed_in_client(contact)
    response = client.post(
        "/exchange/members/apply/", {"name": "Pank AS", "registry_code": "10101010", "country": "ee"}
    )
    member = Member.objects.get(registry_code="10101010")
    assert response.status_code == 302 and member.state == "applied" and member.country == "EE"
    again = client.post("/exchange/members/apply/", {"name": "Pank AS", "registry_code": "10101010", "country": "EE"})
    assert again.status_code == 200 and "already applied" in again.content.decode()
    # Not yet approved: no credentials.
    assert client.post(f"/exchange/members/{member.code}/credentials/").status_code == 302
    member.refresh_from_db()
    assert member.application is None
    admin = client_for("ada")
    assert admin.post(f"/exchange/members/{member.code}/approve/", {"reason": ""}).status_code == 302
    member.refresh_from_db()
    assert member.state == "approved"
    shown = client.post(f"/exchange/members/{member.code}/credentials/")
    member.refresh_from_db()
    assert shown.status_code == 200 and member.application.client_id in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    # Another user cannot issue them.
    assert client_for("oscar").post(f"/exchange/members/{member.code}/credentials/").status_code == 404
    # Suspension needs a reason.
    admin.post(f"/exchange/members/{member.code}/suspend/", {"reason": ""})
    member.refresh_from_db()
    assert member.state == "approved"


def test_auditor_exports_a_members_message_log(pki, bank, bank_agreement, client_for):
    credentials = member_issue_credentials(member=bank, actor=bank.contact)
    ask(token_for(credentials), REPRESENTATION, GOOD)
    today = timezone.localdate().isoformat()
    response = client_for("aud").get(f"/exchange/members/{bank.code}/messages.zip", {"start": today, "end": today})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "README.txt" in names and sum(n.endswith(".p7s") for n in names) == 1


@pytest.mark.parametrize("lang", ["et", "th"])
def test_pages_are_translated(pki, personas, client_for, lang):
    page = client_for("alice").get(f"/{lang}/exchange/my-data/")
    assert page.status_code == 200
    assert "Who used my data" not in page.content.decode()
