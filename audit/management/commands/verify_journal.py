from django.core.management.base import BaseCommand, CommandError

from audit.anchors import load_published, verify_anchors
from audit.services import verify_chain


class Command(BaseCommand):
    help = "Recompute the journal's hash chain, name the first broken entry, and check it against the anchors."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors", help="a published copy of the anchors (JSON from /api/exchange/anchors/) to check against"
        )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Journal broken at entry #{report.first_broken_seq}: {report.problem}. "
                f"{report.checked} entries before it are intact."
            )
        published = load_published(options["anchors"]) if options.get("anchors") else None
        problems = verify_anchors(published=published)
        if problems:
            raise CommandError(
                "Journal does not match its anchors: "
                + "; ".join(f"anchor at entry #{p.seq}: {p.problem}" for p in problems)
            )
        self.stdout.write(self.style.SUCCESS(f"Journal intact: {report.checked} entries verified."))
