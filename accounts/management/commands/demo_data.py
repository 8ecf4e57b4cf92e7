from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Fill a development database with demo data (personas, pick-up points, keys…)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is refused in production mode.")
        for name, *arguments in settings.DEMO_DATA_COMMANDS:
            self.stdout.write(self.style.MIGRATE_HEADING(f"» {name} {' '.join(arguments)}"))
            call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
