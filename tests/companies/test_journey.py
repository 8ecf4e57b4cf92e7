"""The whole founding journey through the services: two founders (one a company), two board
members, a foreign address with a contact person, every party signing with their own
digital ID, the fee paid, background checks, the registrar registering, a sealed registry
card that pyHanko's CLI validates, and the tax board's hook told."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.selectors import journal_for
from companies import registry, services
from companies.exceptions import InvalidData, SigningRefused, WrongState
from companies.models import ActivityCode, BusinessBan
from payments.models import Payment
from tests.companies.conftest import make_company
from tests.conftest import signed_in_client
from tests.digital_id.conftest import NEW_PIN2


def settle(app):
    """The fee paid through the payments app's local provider (the settlement handler runs)."""
    import uuid

    from payments.selectors import payment_for
    from payments.services.events import local_checkout_act

    payment = payment_for(purpose="company_founding", reference=str(app.code))
    local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor="test")


@pytest.fixture
def holding(cards):
    """A registered company whose board member is Oscar: the legal-person founder."""
    oscar = cards["oscar"]
    return make_company(
        "Holding Nord OÜ",
        "10000018",
        board=[
            {
                "personal_code": oscar.personal_code.code,
                "given_names": oscar.given_names,
                "surname": oscar.surname,
                "user": oscar.holder,
            }
        ],
    )


def draft(personas, cards, holding, contact_provider):
    alice = personas["alice"]
    app = services.founding_start(actor=alice, name="Päikesekodu OÜ")
    services.founding_update(
        application=app,
        actor=alice,
        data={
            "procedure": "expedited",
            "email": "info@paikesekodu.example",
            "address_country": "DE",
            "address": "Hauptstraße 1, 10115 Berlin",
            "activity": ActivityCode.objects.get(code="62011"),
            "financial_year_end": "12-31",
            "share_capital": "2500.00",
            "contact_provider": contact_provider,
            "contact_until": date.today() + timedelta(days=365),
        },
    )
    services.founder_add(
        application=app, actor=alice, personal_code=cards["alice"].personal_code.code, nominal="1500.00"
    )
    services.founder_add(application=app, actor=alice, registry_code=holding.registry_code, nominal="1000.00")
    services.board_member_add(application=app, actor=alice, personal_code=cards["alice"].personal_code.code)
    services.board_member_add(application=app, actor=alice, personal_code=cards["oscar"].personal_code.code)
    app.refresh_from_db()
    return app


def test_the_whole_journey(
    sdn_list, personas, cards, holding, contact_provider, django_capture_on_commit_callbacks, mailoutbox, tmp_path
):
    told = []
    handler = told.append
    registry.register_company_registered_handler(handler)
    try:
        alice, oscar, rita = personas["alice"], personas["oscar"], personas["rita"]
        app = draft(personas, cards, holding, contact_provider)
        assert services.founding_problems(app) == []
        with django_capture_on_commit_callbacks(execute=True):
            services.founding_send_for_signatures(application=app, actor=alice)
        assert {m.to[0] for m in mailoutbox} >= {alice.email, oscar.email}
        signers = services.required_signers(app)
        assert len(signers) == 2 and all(s.signed_at is None for s in signers)

        # Someone without an active digital ID cannot sign and is told why.
        with pytest.raises(SigningRefused, match="no active digital ID"):
            services.founding_sign(application=app, actor=rita, pin2=NEW_PIN2)

        services.founding_sign(application=app, actor=oscar, pin2=NEW_PIN2)
        app.refresh_from_db()
        assert app.state == "awaiting_signatures"
        with pytest.raises(SigningRefused, match="already signed"):
            services.founding_sign(application=app, actor=oscar, pin2=NEW_PIN2)
        services.founding_sign(application=app, actor=alice, pin2=NEW_PIN2)
        app.refresh_from_db()
        assert app.state == "awaiting_payment"
        reports = [s.validation for s in app.signatures.all()]
        assert [r["verdict"] for r in reports] == ["TOTAL-PASSED", "TOTAL-PASSED"], reports

        url = services.founding_checkout(application=app, actor=alice, return_url="http://testserver/back")
        assert url
        payment = Payment.objects.get(purpose="company_founding", reference=str(app.code))
        assert payment.amount == Decimal("265.00")
        with django_capture_on_commit_callbacks(execute=True):
            settle(app)
        app.refresh_from_db()
        assert app.state == "in_review", [(c.stage, c.status, c.last_error) for c in app.checks.all()]
        assert {c.stage: c.status for c in app.checks.all()} == {
            "screening": "passed",
            "id_validity": "passed",
            "business_bans": "passed",
        }
        assert app.due_on is not None

        services.founding_claim(application=app, actor=rita)
        with django_capture_on_commit_callbacks(execute=True):
            company = services.founding_register(application=app, actor=rita)
        with pytest.raises(WrongState):
            services.founding_register(application=app, actor=rita)  # the double click
        assert company.registry_code.startswith("1") and len(company.registry_code) == 8
        from stdnum.ee import registrikood

        assert registrikood.is_valid(company.registry_code)
        assert company.address == contact_provider.address
        assert {s.display_name for s in company.shareholders.all()} == {
            "Holding Nord OÜ",
            f"{cards['alice'].given_names} {cards['alice'].surname}",
        }
        assert company.board_members.count() == 2 and company.contact_appointments.count() == 1
        assert [t.registry_code for t in told] == [company.registry_code]
        assert [e.action for e in journal_for(app)][-1] == "register"

        card_pdf = company.card_pdf.read()
        from trust.validation import validate_pdf_bytes

        report = validate_pdf_bytes(card_pdf)
        assert report.verdict == "TOTAL-PASSED", report.to_dict()
        if True:
            path = tmp_path / "card.pdf"
            path.write_bytes(card_pdf)
            from cryptography.hazmat.primitives import serialization

            from trust.selectors import root_certificates

            root = tmp_path / "root.pem"
            root.write_bytes(root_certificates()[0].public_bytes(serialization.Encoding.PEM))
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pyhanko",
                    "sign",
                    "validate",
                    "--no-revocation-check",
                    "--trust",
                    str(root),
                    "--trust-replace",
                    str(path),
                ],
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            assert "INTACT" in result.stdout or "TRUSTED" in result.stdout, result.stdout

        # The public card, its verification page and who may represent the company.
        client = signed_in_client(alice)
        assert client.get(reverse("companies:card", args=[company.registry_code])).status_code == 200
        assert client.get(reverse("companies:verify", args=[company.card_code])).status_code == 200
        reps = client.get(reverse("companies_api:representatives", args=[company.registry_code])).json()
        assert sorted(r["personal_code"] for r in reps["representatives"]) == sorted(
            c.personal_code.code for c in cards.values()
        )
        from companies.selectors import companies_represented_by

        assert [c.registry_code for c in companies_represented_by(user=alice)] == [company.registry_code]
    finally:
        registry.unregister_company_registered_handler(handler)


def test_bad_input_is_refused_and_nothing_is_lost(personas, cards, holding, contact_provider):
    alice = personas["alice"]
    app = draft(personas, cards, holding, contact_provider)
    # A founder who is not an e-resident.
    with pytest.raises(InvalidData, match="No e-resident") as error:
        services.founder_add(application=app, actor=alice, personal_code="39001010000", nominal="1")
    assert error.value.field == "personal_code"
    # A share total that does not match the capital.
    app = services.founding_update(application=app, actor=alice, data={"share_capital": "3000.00"}).application
    assert any("add up to 2500.00" in m for _f, m in services.founding_problems(app))
    with pytest.raises(InvalidData, match="add up to"):
        services.founding_send_for_signatures(application=app, actor=alice)
    app.refresh_from_db()
    assert app.state == "draft" and app.founders.count() == 2
    # A board member under a ban.
    BusinessBan.objects.create(
        personal_code=cards["oscar"].personal_code.code,
        given_names="O",
        surname="O",
        kind="business",
        valid_from=date(2020, 1, 1),
        reference="Harju County Court 2-20-1",
    )
    assert any("under a business ban" in m for _f, m in services.founding_problems(app))
    # A foreign address without a contact person.
    app = services.founding_update(application=app, actor=alice, data={"contact_provider": None}).application
    assert any("contact person" in m for _f, m in services.founding_problems(app))


def test_changing_data_after_a_signature_voids_it(personas, cards, holding, contact_provider):
    alice, oscar = personas["alice"], personas["oscar"]
    app = draft(personas, cards, holding, contact_provider)
    services.founding_send_for_signatures(application=app, actor=alice)
    services.founding_sign(application=app, actor=oscar, pin2=NEW_PIN2)
    saved = services.founding_update(application=app, actor=alice, data={"email": "new@paikesekodu.example"})
    assert saved.voided
    app.refresh_from_db()
    assert app.state == "draft" and app.signatures.filter(voided_at__isnull=True).count() == 0
    services.founding_send_for_signatures(application=app, actor=alice)
    app.refresh_from_db()
    assert app.document_version == 2 and all(s.signed_at is None for s in services.required_signers(app))


def test_registry_codes_are_valid_and_distinct(db):
    from stdnum.ee import registrikood

    codes = [services.registry_code_allocate() for _ in range(20)]
    assert len(set(codes)) == 20 and all(registrikood.is_valid(c) and c[0] == "1" for c in codes)


def test_someone_who_is_not_a_party_cannot_sign(personas, cards):
    alice, oscar = personas["alice"], personas["oscar"]
    app = services.founding_start(actor=alice, name="Yksinda OÜ")
    services.founding_update(
        application=app,
        actor=alice,
        data={
            "email": "a@example.org",
            "address": "Narva mnt 5, Tallinn",
            "share_capital": "0.01",
            "activity": ActivityCode.objects.get(code="62011"),
        },
    )
    services.founder_add(application=app, actor=alice, personal_code=cards["alice"].personal_code.code, nominal="0.01")
    services.board_member_add(application=app, actor=alice, personal_code=cards["alice"].personal_code.code)
    services.founding_send_for_signatures(application=app, actor=alice)
    with pytest.raises(SigningRefused, match="neither a founder nor a board member"):
        services.founding_sign(application=app, actor=oscar, pin2=NEW_PIN2)
    app.refresh_from_db()
    assert app.signatures.count() == 0 and app.state == "awaiting_signatures"
