"""Demo data for the business register (idempotent): the registrar's lists (contact person
providers, a business ban), one registered company with its sealed registry card, and one
founding application in the registrar's queue. Needs the CA hierarchy (trust_init)."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from audit.services import journal_record


class Command(BaseCommand):
    help = "Demo data: contact providers, a business ban, a registered company with its card, a queued application."

    def handle(self, *args, **options):
        from accounts.models import User
        from companies.models import (
            ActivityCode,
            BoardMember,
            BusinessBan,
            Company,
            ContactProvider,
            Founder,
            FoundingApplication,
            ProposedBoardMember,
            Shareholder,
        )
        from companies.services.review import card_render_and_seal, registry_code_allocate
        from companies.workdays import add_working_days, tallinn_date

        provider, _ = ContactProvider.objects.get_or_create(
            name="Tallinn Corporate Services OÜ",
            defaults={
                "registry_code": "14000006",
                "kind": "licensed trust and company service provider",
                "address": "Narva mnt 7, 10117 Tallinn",
                "email": "office@tcs.example",
            },
        )
        BusinessBan.objects.get_or_create(
            personal_code="38001010014",
            defaults={
                "given_names": "Bruno",
                "surname": "Bannitud",
                "kind": "business",
                "valid_from": date(2024, 1, 15),
                "valid_to": date(2029, 1, 14),
                "reference": "Harju County Court 1-23-4567",
            },
        )
        it = ActivityCode.objects.get(code="62011")
        today = tallinn_date()
        with transaction.atomic():
            company = Company.objects.filter(name="Päikesekodu OÜ").first()
            if company is None:
                company = Company(
                    name="Päikesekodu OÜ",
                    registry_code=registry_code_allocate(),
                    registered_on=today,
                    email="info@paikesekodu.example",
                    address=provider.address,
                    share_capital="2500.00",
                    activity=it,
                )
                company.set_keys()
                company.save()
                BoardMember.objects.create(
                    company=company, personal_code="49002020029", given_names="Kaja", surname="Kask", starts_on=today
                )
                Shareholder.objects.create(
                    company=company,
                    kind="natural",
                    personal_code="49002020029",
                    given_names="Kaja",
                    surname="Kask",
                    nominal="2500.00",
                )
                journal_record(actor="demo_data", action="register", subject=company, to_state=company.status)
                company.card_pdf.save(
                    f"card-{company.registry_code}.pdf", ContentFile(card_render_and_seal(company)), save=False
                )
                company.save(update_fields=["card_pdf"])
        alice = User.objects.filter(email="alice@example.org").first()
        if alice and not FoundingApplication.objects.filter(name="Merevaade OÜ").exists():
            with transaction.atomic():
                app = FoundingApplication(
                    created_by=alice,
                    name="Merevaade OÜ",
                    state="in_review",
                    email="info@merevaade.example",
                    address="Hauptstraße 1, 10115 Berlin",
                    address_country="DE",
                    contact_provider=provider,
                    contact_until=date(today.year + 1, 12, 31),
                    share_capital="100.00",
                    activity=it,
                    procedure="regular",
                    due_on=add_working_days(today, 5),
                )
                app.set_keys()
                app.save()
                Founder.objects.create(
                    application=app,
                    kind="natural",
                    personal_code="39001010008",
                    given_names="Mart",
                    surname="Meri",
                    nominal="100.00",
                    contribution_paid=True,
                )
                ProposedBoardMember.objects.create(
                    application=app, personal_code="39001010008", given_names="Mart", surname="Meri"
                )
                journal_record(actor="demo_data", action="create", subject=app, to_state=app.state)
        self.stdout.write(
            f"Business register demo: {company.name} ({company.registry_code}) registered; Merevaade OÜ in the queue."
        )
