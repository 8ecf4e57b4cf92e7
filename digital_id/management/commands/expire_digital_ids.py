from django.core.management.base import BaseCommand

from digital_id.services import challenges_purge, digital_ids_expire


class Command(BaseCommand):
    help = "Mark digital IDs whose validity ended as expired and purge old login challenges (run daily)."

    def handle(self, *args, **options) -> None:
        count = digital_ids_expire()
        purged = challenges_purge()
        self.stdout.write(f"{count} digital ID(s) expired; {purged} old login challenge(s) removed.")
