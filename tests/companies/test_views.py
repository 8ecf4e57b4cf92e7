"""The single-founder journey through the pages (Django's test client), the home panels,
and bad input on the forms."""

from __future__ import annotations

import uuid

from django.urls import reverse

from companies.models import FoundingApplication
from exchange.models import AccessLogEntry
from tests.conftest import signed_in_client
from tests.digital_id.conftest import NEW_PIN2


def test_single_founder_journey_through_the_pages(
    sdn_list, personas, cards, contact_provider, django_capture_on_commit_callbacks
):
    alice, rita = personas["alice"], personas["rita"]
    code = cards["alice"].personal_code.code
    client = signed_in_client(alice)
    response = client.post(reverse("companies:founding_start"), {"name": "Photolux"})
    assert "“OÜ” or “osaühing”" in response.content.decode()
    response = client.post(reverse("companies:founding_start"), {"name": "Lõunatuul OÜ"})
    app = FoundingApplication.objects.get(created_by=alice)
    assert response.status_code == 302 and response["Location"].endswith(f"/found/{app.code}/")
    data = {
        "procedure": "regular",
        "email": "info@lounatuul.example",
        "address_country": "EE",
        "address": "Rüütli 1, 51007 Tartu",
        "activity": app.activity_id or "",
        "financial_year_end": "12-31",
        "share_capital": "0.01",
    }
    from companies.models import ActivityCode

    data["activity"] = ActivityCode.objects.get(code="70221").pk
    assert client.post(reverse("companies:founding_update", args=[app.code]), data).status_code == 302
    response = client.post(
        reverse("companies:founder_add", args=[app.code]),
        {"founder-personal_code": "39001010000", "founder-nominal": "0.01"},
    )
    assert "No e-resident has the personal identification code 39001010000" in response.content.decode()
    client.post(
        reverse("companies:founder_add", args=[app.code]), {"founder-personal_code": code, "founder-nominal": "0.01"}
    )
    client.post(
        reverse("companies:board_add", args=[app.code]), {"board-personal_code": code, "board-board": "management"}
    )
    page = client.get(reverse("companies:founding", args=[app.code])).content.decode()
    assert "Still missing" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("companies:founding_send", args=[app.code]))
    page = client.get(reverse("companies:founding", args=[app.code])).content.decode()
    assert "awaited" in page and "Sign with my digital ID" in page
    response = client.post(reverse("companies:founding_sign", args=[app.code]), {"pin2": "00000"})
    assert "Wrong PIN2" in response.content.decode()
    client.post(reverse("companies:founding_sign", args=[app.code]), {"pin2": NEW_PIN2})
    app.refresh_from_db()
    assert app.state == "awaiting_payment"
    response = client.post(reverse("companies:founding_pay", args=[app.code]))
    assert response.status_code == 302
    from payments.selectors import payment_for
    from payments.services.events import local_checkout_act

    payment = payment_for(purpose="company_founding", reference=str(app.code))
    assert str(payment.amount) == "200.00"  # the regular procedure
    with django_capture_on_commit_callbacks(execute=True):
        local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor="test")
    app.refresh_from_db()
    assert app.state == "in_review"

    registrar = signed_in_client(rita)
    assert "Lõunatuul OÜ" in registrar.get(reverse("companies:queue")).content.decode()
    before = AccessLogEntry.objects.count()
    page = registrar.get(reverse("companies:review", args=[app.code])).content.decode()
    assert "TOTAL-PASSED" in page and "sanctions screening" in page
    assert AccessLogEntry.objects.count() == before + 1
    registrar.post(reverse("companies:claim", args=[app.code]))
    with django_capture_on_commit_callbacks(execute=True):
        registrar.post(reverse("companies:register", args=[app.code]))
    app.refresh_from_db()
    assert app.state == "registered"
    company = app.company
    page = client.get(reverse("companies:founding", args=[app.code])).content.decode()
    assert "The company is registered." in page and company.registry_code in page
    home = client.get(reverse("accounts:home")).content.decode()
    assert f"You represent Lõunatuul OÜ ({company.registry_code})" in home
    assert client.get(reverse("companies:card_pdf", args=[company.registry_code]))["Content-Type"] == "application/pdf"


def test_registrar_home_panel_counts(personas):
    app = FoundingApplication(created_by=personas["alice"], name="Tammemets OÜ", state="in_review")
    app.set_keys()
    app.save()
    home = signed_in_client(personas["rita"]).get(reverse("accounts:home")).content.decode()
    assert "Founding applications" in home and "Open the queue" in home
