"""Demo pick-up locations: PPA offices in Estonia and Estonian embassies abroad (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from eresidency.constants import PickupKind
from eresidency.models import PickupLocation

LOCATIONS = [
    (
        "ee-tallinn-tammsaare",
        "Police and Border Guard Board, Tammsaare service office",
        PickupKind.PPA_OFFICE,
        "EE",
        "Tallinn",
        "A. H. Tammsaare tee 47",
    ),
    (
        "ee-tallinn-parnu-mnt",
        "Police and Border Guard Board, Pärnu mnt service office",
        PickupKind.PPA_OFFICE,
        "EE",
        "Tallinn",
        "Pärnu mnt 139",
    ),
    (
        "ee-tartu",
        "Police and Border Guard Board, Tartu service office",
        PickupKind.PPA_OFFICE,
        "EE",
        "Tartu",
        "Riia 132",
    ),
    (
        "th-bangkok",
        "Embassy of Estonia in Bangkok",
        PickupKind.EMBASSY,
        "TH",
        "Bangkok",
        "Sathorn Square, 98 North Sathorn Road",
    ),
    ("de-berlin", "Embassy of Estonia in Berlin", PickupKind.EMBASSY, "DE", "Berlin", "Hildebrandstraße 5"),
    ("jp-tokyo", "Embassy of Estonia in Tokyo", PickupKind.EMBASSY, "JP", "Tokyo", "2-6-15 Jingumae, Shibuya-ku"),
    (
        "us-washington",
        "Embassy of Estonia in Washington",
        PickupKind.EMBASSY,
        "US",
        "Washington, D.C.",
        "2131 Massachusetts Avenue NW",
    ),
    (
        "in-new-delhi",
        "Embassy of Estonia in New Delhi",
        PickupKind.EMBASSY,
        "IN",
        "New Delhi",
        "E-13 Vasant Marg, Vasant Vihar",
    ),
    ("sg-singapore", "Embassy of Estonia in Singapore", PickupKind.EMBASSY, "SG", "Singapore", "1 Raffles Place"),
]


class Command(BaseCommand):
    help = "Create or update the demo pick-up locations (safe to run again)."

    def handle(self, *args, **options):
        created = 0
        with transaction.atomic():
            for code, name, kind, country, city, address in LOCATIONS:
                _location, was_created = PickupLocation.objects.update_or_create(
                    code=code,
                    defaults={"name": name, "kind": kind, "country": country, "city": city, "address": address},
                )
                created += was_created
        self.stdout.write(f"Pick-up locations: {created} created, {len(LOCATIONS) - created} updated.")
