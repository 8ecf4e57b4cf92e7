"""Demo data: applications in the states an official or applicant will want to see.

- alice: applied, paid, screened, approved (``demo_digital_ids``, run after this command,
  brings her digital ID to the Tallinn pick-up point for pia to hand over).
- oscar: applied and paid; waiting in ivan's review queue.
- a person whose name and birth date match an OFAC SDN individual: flagged, needs two
  officials.

Runs the real services with the local payment provider and tasks run at once. Idempotent:
a persona who already has an application is left alone.
"""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from accounts.models import User
from core import mrz
from eresidency import services
from eresidency.constants import Step
from eresidency.deadlines import tallinn_date
from eresidency.models import Application, PickupLocation
from eresidency.photos import clean_photo

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (600, 800), (225, 230, 235))
    for y in range(220, 560):
        for x in range(200, 400):
            if (x - 300) ** 2 / 100**2 + (y - 390) ** 2 / 170**2 <= 1:
                image.putpixel((x, y), (150, 120, 100))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "Fill the e-Residency queues with demo applications (development only)."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is refused in production mode.")
        try:
            ivan = User.objects.get(email="ivan@identity.example.org")
            alice = User.objects.get(email="alice@example.org")
            oscar = User.objects.get(email="oscar@example.net")
        except User.DoesNotExist:
            raise CommandError("Load the personas first: manage.py load_personas") from None
        listed, _ = User.objects.get_or_create(
            email="mahfouz.demo@example.net",
            defaults={"given_name": "Mahfouz", "surname": "Al-Walid", "email_verified_at": timezone.now()},
        )
        # Tasks run at once; the demo e-mails are not printed over the personas' passwords.
        with override_settings(
            TASKS=IMMEDIATE_TASKS,
            PAYMENTS_PROVIDER="local",
            PAYMENTS_LOCAL_ENABLED=True,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ):
            approved = self._applied(
                alice, "Alice", "Applicant", date(1990, 4, 2), "F", "SE", "ee-tallinn-tammsaare", "AA7654321"
            )
            if approved is not None:
                self._approve(approved, ivan)
            self._applied(oscar, "Oscar", "Outsider", date(1982, 11, 23), "M", "NZ", "ee-tallinn-tammsaare", "LA123456")
            self._applied(
                listed, "Mahfouz Ould", "Al-Walid", date(1975, 1, 1), "M", "MR", "ee-tallinn-tammsaare", "B0001234"
            )
        self.stdout.write(
            "Demo applications: alice approved (ID at the Tallinn pick-up point), oscar waiting for review, "
            "one sanctions-list match waiting for two officials."
        )

    def _applied(self, user, given, surname, born, sex, country, location, number) -> Application | None:
        if Application.objects.filter(applicant=user).exists():
            return None
        expiry = tallinn_date() + timedelta(days=6 * 365)
        app = services.application_start(applicant=user, actor=user)
        steps = [
            (
                Step.PERSONAL,
                {
                    "given_names": given,
                    "surname": surname,
                    "date_of_birth": born,
                    "sex": sex,
                    "citizenship": country,
                    "residence_country": country,
                    "email": user.email,
                    "phone": "+372 5555 0101",
                },
            ),
            (
                Step.DOCUMENT,
                {
                    "document_type": "passport",
                    "document_number": number,
                    "document_country": country,
                    "document_expiry": expiry,
                    "mrz": mrz.compose_td3(
                        surname=surname,
                        given_names=given,
                        number=number,
                        issuing=country,
                        nationality=country,
                        birth=born,
                        sex=sex,
                        expiry=expiry,
                    ),
                },
            ),
            (Step.PHOTO, {"photo": clean_photo(_photo())}),
            (
                Step.MOTIVATION,
                {
                    "motivation_category": "location_independent",
                    "motivation": "I run a small consultancy with clients in the EU and want an Estonian company.",
                    "links": [],
                },
            ),
            (Step.PICKUP, {"pickup_location": PickupLocation.objects.get(code=location)}),
            (Step.CONSENT, {"consent": True}),
        ]
        for step, data in steps:
            app = services.application_save_step(application=app, step=step, data=data, actor=user)
        services.application_submit(application=app, actor=user)
        url = services.application_checkout(
            application=app, actor=user, return_url="/eresidency/", cancel_url="/eresidency/"
        )
        from payments.models import Payment
        from payments.services import local_checkout_act

        payment = Payment.objects.get(reference=str(app.code))
        local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=user)
        self.stdout.write(f"  {user.email}: applied and paid ({url.split('?')[0]})")
        return Application.objects.get(pk=app.pk)

    def _approve(self, app: Application, ivan: User) -> None:
        from eresidency.services import application_approve, application_claim

        application_claim(application=app, actor=ivan)
        application_approve(application=app, actor=ivan, note="Demo: documents and purpose in order.")
        self.stdout.write(f"  {app.applicant.email}: approved (demo_digital_ids brings the ID to the pick-up point)")
