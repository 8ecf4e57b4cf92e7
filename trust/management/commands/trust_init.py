"""Create this deployment's CA hierarchy, once: root CA, issuing CAs, TSA, OCSP responders
and the agencies' seal certificates."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trust.constants import CertificateKind
from trust.exceptions import HierarchyExists
from trust.models import Certificate
from trust.services import hierarchy_create, hierarchy_exists


class Command(BaseCommand):
    help = "Create the CA hierarchy, TSA, OCSP responders and seals (refuses to overwrite an existing one)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing", action="store_true", help="Exit quietly with status 0 when a hierarchy already exists."
        )
        parser.add_argument("--site-url", default="", help="Base URL baked into certificates (default SITE_URL).")

    def handle(self, *args, **options):
        if hierarchy_exists():
            if options["if_missing"]:
                return
            raise CommandError(
                "A CA hierarchy already exists in this database; it is never overwritten. "
                "Certificates people hold and documents already signed depend on it."
            )
        site_url = options["site_url"] or settings.SITE_URL
        try:
            hierarchy_create(actor="command:trust_init", site_url=site_url)
        except HierarchyExists as exc:
            raise CommandError(str(exc))
        self.stdout.write(self.style.SUCCESS(f"Created the CA hierarchy (URLs under {site_url}/pki/):"))
        for cert in Certificate.objects.exclude(kind__in=(CertificateKind.PERSON_AUTH, CertificateKind.PERSON_SIGN)):
            self.stdout.write(f"  {cert.get_kind_display():<22} {cert.subject}")
        self.stdout.write(
            f"Private keys are in {settings.TRUST_KEY_DIR}; keep that directory and TRUST_MASTER_KEY safe."
        )
