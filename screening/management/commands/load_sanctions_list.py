"""``manage.py load_sanctions_list --format ofac-sdn --name "OFAC SDN" PATH``

Loads one published list file as a new version and makes it current; the same file a
second time changes nothing and says so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screening.exceptions import ScreeningError
from screening.loaders import formats
from screening.services import index_warm, list_version_load


class Command(BaseCommand):
    help = "Load a sanctions list file as a new list version (a no-op if that file is already loaded)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the published list file")
        parser.add_argument("--format", required=True, choices=formats(), help="the file's format")
        parser.add_argument("--name", required=True, help='the list\'s name, e.g. "OFAC SDN"')
        parser.add_argument("--slug", default="", help="identifier used in entry ids (default: from the name)")
        parser.add_argument("--published", default="", help="publication date of the file, YYYY-MM-DD")
        parser.add_argument("--warm", action="store_true", help="build the screening index afterwards")

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        published = None
        if options["published"]:
            try:
                published = date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError(f"--published must be a date YYYY-MM-DD, not {options['published']!r}")
        try:
            outcome = list_version_load(
                name=options["name"],
                fmt=options["format"],
                data=path.read_bytes(),
                source_name=path.name,
                published_on=published,
                slug=options["slug"],
                actor="command:load_sanctions_list",
            )
        except ScreeningError as exc:
            raise CommandError(str(exc))
        style = self.style.SUCCESS if outcome.created else self.style.WARNING
        self.stdout.write(style(outcome.message))
        stats = outcome.version.stats or {}
        if outcome.created and stats.get("unmapped_countries"):
            self.stdout.write(f"Country names not mapped to a code: {stats['unmapped_countries']}")
        if outcome.created and stats.get("unparsed_dates"):
            self.stdout.write(f"Dates of birth not understood: {stats['unparsed_dates']}")
        if options["warm"]:
            index = index_warm()
            self.stdout.write(f"Screening index built: {index.name_count} names in {index.build_seconds:.2f} s.")
