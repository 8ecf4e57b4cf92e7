"""Demo data of the data exchange: a bank member with one signed, active agreement and a few
sealed, logged reads of the demo e-resident alice (shown on her "Who used my data" page).

The agreement is the identity board's "is this digital ID valid, and whose is it": the
business register's "who may represent this company" joins when companies/ registers it.
Both responsible officials sign the agreement PDF with digital IDs issued here for the demo.
Idempotent: an existing demo member is left alone. Development only.

It lives in ``trust`` rather than ``exchange`` because it issues the officials' digital IDs
(keys and certificates), which the exchange, a lower layer, cannot do.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.constants import Role
from accounts.models import User
from exchange.models import Member
from exchange.registry import get_service
from exchange.services import (
    agreement_create,
    agreement_sign,
    journal_anchor_create,
    member_apply,
    member_approve,
    member_issue_credentials,
    member_query_answer,
    message_log_timestamp,
)

BANK_REGISTRY_CODE = "10060701"
SERVICE = "identity_board.digital_id_status"
DEMO_PIN2 = "86420"
CONTACT_EMAIL = "berit@bank.example.com"
PURPOSES = (
    "opening a business account for an e-resident's company",
    "yearly know-your-customer review",
    "confirming the signer of a loan agreement",
)


def _signing_id(user: User, personal_code: str) -> None:
    """A digital ID (keys and certificates) for a demo official, PIN2 = DEMO_PIN2."""
    from trust.models import Credential
    from trust.services import person_credentials_issue, pin_change

    if Credential.objects.filter(holder=user).exists():
        return
    creds = person_credentials_issue(
        personal_code=personal_code, given_name=user.given_name, surname=user.surname, holder=user, actor="demo"
    )
    pin_change(credential=creds.credential, role="sign", old_pin=creds.pin2, new_pin=DEMO_PIN2, actor="demo")


class Command(BaseCommand):
    help = "A demo bank member with a signed agreement and a few logged reads of alice (development only)."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is refused in production mode.")
        if Member.objects.filter(registry_code=BANK_REGISTRY_CODE, country="EE").exists():
            self.stdout.write("The demo bank already exists.")
            return
        try:
            ivan = User.objects.get(email="ivan@identity.example.org")
            ada = User.objects.get(email="ada@admin.example.org")
            alice = User.objects.get(email="alice@example.org")
        except User.DoesNotExist:
            raise CommandError("Load the personas first: manage.py load_personas") from None
        code = getattr(getattr(alice, "personal_code", None), "code", "")
        if not code or get_service(SERVICE) is None:
            raise CommandError("Alice needs a personal code first: manage.py demo_applications")
        contact = User.objects.filter(email=CONTACT_EMAIL).first() or User.objects.create_user(
            email=CONTACT_EMAIL,
            password="correct horse battery staple",
            given_name="Berit",
            surname="Banker",
            role=Role.APPLICANT,
            email_verified_at=timezone.now(),
        )
        _signing_id(ivan, "37605030299")
        _signing_id(contact, "47101010033")
        bank = member_apply(name="Demo Bank AS", registry_code=BANK_REGISTRY_CODE, country="EE", contact=contact)
        member_approve(member=bank, actor=ada, reason="licensed credit institution")
        agreement = agreement_create(
            service_code=SERVICE,
            consumer=bank,
            fields=["personal_code", "given_names", "surname", "status", "valid_until"],
            purpose="know your customer: check that an e-resident's digital ID is valid",
            legal_basis="Money Laundering and Terrorist Financing Prevention Act § 20 and § 21",
            provider_official=ivan,
            consumer_official=contact,
            valid_from=timezone.localdate(),
            actor=ada,
        )
        agreement = agreement_sign(agreement=agreement, signer=ivan, pin2=DEMO_PIN2)
        agreement = agreement_sign(agreement=agreement, signer=contact, pin2=DEMO_PIN2)
        bank.refresh_from_db()
        for purpose in PURPOSES:
            member_query_answer(
                member=bank,
                service=SERVICE,
                subject=code,
                purpose=purpose,
                legal_basis="MLTFPA § 20",
            )
        message_log_timestamp()
        journal_anchor_create()
        credentials = member_issue_credentials(member=bank, actor=contact)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo Bank AS: agreement {agreement.code} ({agreement.state}), {len(PURPOSES)} reads of alice.\n"
                f"  client id {credentials.client_id}\n  client secret {credentials.client_secret}\n"
                f"  signing PIN2 of ivan and {CONTACT_EMAIL}: {DEMO_PIN2}"
            )
        )
