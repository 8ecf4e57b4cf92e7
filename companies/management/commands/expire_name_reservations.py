from django.core.management.base import BaseCommand

from companies.services import name_reservations_expire


class Command(BaseCommand):
    help = "End name reservations whose term has passed (scheduled; idempotent)."

    def handle(self, *args, **options):
        ended = name_reservations_expire()
        self.stdout.write(f"{ended} reservation(s) ended.")
