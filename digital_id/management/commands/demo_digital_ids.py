from django.core.management.base import BaseCommand

from accounts.models import User
from digital_id.constants import IdState
from digital_id.models import DigitalId
from digital_id.services import digital_id_manufacture, digital_id_order, digital_id_register_arrival
from eresidency.selectors import approved_applications

# The demo's e-resident whose card waits at the pick-up point, and who registers it there.
DEMO_HOLDER = "alice@example.org"
DEMO_PICKUP_OFFICIAL = "pia@pickup.example.org"


class Command(BaseCommand):
    help = (
        "Demo data: order (and make) a digital ID for every approved e-Residency application that has none; "
        "the demo applicant's card arrives at her pick-up point. Needs the CA hierarchy (manage.py trust_init). "
        "Idempotent."
    )

    def handle(self, *args, **options) -> None:
        made = 0
        ordered = DigitalId.objects.exclude(application_id=None).values("application_id")
        for application_id in approved_applications().exclude(pk__in=ordered).values_list("pk", flat=True):
            card = digital_id_order(application=application_id, actor="demo_data")
            card.refresh_from_db()
            if card.state == IdState.ORDERED and digital_id_manufacture(digital_id_id=card.pk):
                made += 1
        self.stdout.write(f"{made} digital ID(s) ordered and made.")
        pia = User.objects.filter(email=DEMO_PICKUP_OFFICIAL).first()
        for card in DigitalId.objects.filter(holder__email=DEMO_HOLDER, state=IdState.MANUFACTURED):
            if pia is not None:
                digital_id_register_arrival(digital_id=card, actor=pia)
                self.stdout.write(f"  {DEMO_HOLDER}: ID {card.document_number} waits at the pick-up point")
