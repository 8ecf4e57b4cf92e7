from django.core.management.base import BaseCommand

from digital_id.services import digital_ids_expire_uncollected


class Command(BaseCommand):
    help = "Cancel digital IDs not collected within six months of arrival (run daily; idempotent)."

    def handle(self, *args, **options) -> None:
        count = digital_ids_expire_uncollected()
        self.stdout.write(f"{count} uncollected digital ID(s) returned and cancelled.")
