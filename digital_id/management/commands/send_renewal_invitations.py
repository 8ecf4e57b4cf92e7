from django.core.management.base import BaseCommand

from digital_id.services import renewal_invitations_send


class Command(BaseCommand):
    help = "Invite holders whose digital ID expires within three months to renew it (run daily; idempotent)."

    def handle(self, *args, **options) -> None:
        count = renewal_invitations_send()
        self.stdout.write(f"{count} renewal invitation(s) sent.")
