"""Races on PostgreSQL with real threads: two registrars registering one application at the
same moment end with one company, one registry code and one registry card."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile

from companies import services
from companies.exceptions import CompaniesError
from companies.models import ActivityCode, Company, Founder, FoundingApplication, ProposedBoardMember
from tests.eresidency.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_review(filer) -> FoundingApplication:
    from tests.digital_id.conftest import make_pdf

    app = FoundingApplication(
        created_by=filer,
        name="Kaksikud OÜ",
        state="in_review",
        email="a@example.org",
        address="Narva mnt 5, Tallinn",
        share_capital="0.01",
        activity=ActivityCode.objects.get(code="62011"),
        due_on=date.today(),
    )
    app.set_keys()
    app.document.save("f.pdf", ContentFile(make_pdf("founding")), save=False)
    app.save()
    Founder.objects.create(
        application=app,
        kind="natural",
        personal_code="39001010008",
        given_names="Mari",
        surname="Maasikas",
        nominal="0.01",
    )
    ProposedBoardMember.objects.create(
        application=app, personal_code="39001010008", given_names="Mari", surname="Maasikas"
    )
    return app


def test_two_registrars_register_at_once(pki, personas):
    from accounts.models import User

    rita = personas["rita"]
    other = User.objects.create_user(
        email="rolf@register.example.org", password="x", role="registrar", email_verified_at=rita.email_verified_at
    )
    app = in_review(personas["alice"])
    results = race(
        lambda: services.founding_register(application=app, actor=rita),
        lambda: services.founding_register(application=app, actor=other),
    )
    companies = [r for r in results if isinstance(r, Company)]
    refusals = [r for r in results if isinstance(r, CompaniesError)]
    assert len(companies) == 1 and len(refusals) == 1, results
    assert Company.objects.count() == 1
    company = Company.objects.get()
    assert company.card_pdf and company.registry_code == companies[0].registry_code
    app.refresh_from_db()
    assert app.state == "registered"
