from django.core.management.base import BaseCommand

from digital_id.services import digital_id_manufacture, digital_id_order


class Command(BaseCommand):
    help = (
        "Demo data: order (and make) a digital ID for every approved e-Residency application that has none. "
        "Needs the CA hierarchy (manage.py trust_init). Idempotent."
    )

    def handle(self, *args, **options) -> None:
        from digital_id.constants import IdState
        from eresidency.constants import State
        from eresidency.models import Application

        made = 0
        for application in Application.objects.filter(state=State.APPROVED, digital_id__isnull=True):
            card = digital_id_order(application=application, actor="demo_data")
            card.refresh_from_db()
            if card.state == IdState.ORDERED and digital_id_manufacture(digital_id_id=card.pk):
                made += 1
        self.stdout.write(f"{made} digital ID(s) ordered and made.")
