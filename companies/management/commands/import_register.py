import sys

from django.core.management.base import BaseCommand, CommandError

from companies.exceptions import ImportProblem
from companies.importing import import_lines


class Command(BaseCommand):
    help = "Load companies from a JSON Lines file in the register's open-data format (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .jsonl file (the format of /companies/open-data.jsonl).")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                lines = handle.readlines()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}")
        total = sum(1 for line in lines if line.strip())

        def progress(done: int) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stderr.flush()

        try:
            result = import_lines(lines, progress=progress)
        except ImportProblem as error:
            raise CommandError(f"{path}: {error.message}. Nothing was loaded.")
        sys.stderr.write("\n")
        self.stdout.write(f"{result['created']} created, {result['updated']} updated, {result['total']} in the file.")
