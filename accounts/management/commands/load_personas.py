import base64
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.personas import PERSONAS


class Command(BaseCommand):
    help = "Create one demo user per role (development only) and print their passwords."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Use this password for every persona instead of random ones.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo personas are refused in production mode.")
        rows = []
        for persona in PERSONAS:
            password = options["password"] or secrets.token_urlsafe(12)
            user, _created = User.objects.get_or_create(
                email=persona.email,
                defaults={
                    "given_name": persona.given_name,
                    "surname": persona.surname,
                    "role": persona.role,
                    "email_verified_at": timezone.now(),
                    "is_staff": persona.key == "ada",
                    "is_superuser": persona.key == "ada",
                },
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            secret = ""
            if user.is_official:
                device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
                if device is None:
                    device = TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
                secret = base64.b32encode(device.bin_key).decode().rstrip("=")
            rows.append((persona.key, persona.role.label, user.email, password, secret))
        self.stdout.write("Demo personas (local use only):")
        for key, role, email, password, secret in rows:
            line = f"  {key:<6} {role!s:<26} {email:<28} password: {password}"
            if secret:
                line += f"  TOTP secret: {secret}"
            self.stdout.write(line)
        self.stdout.write("Officials: add the TOTP secret to an authenticator app, or run `manage.py totp_code EMAIL`.")
