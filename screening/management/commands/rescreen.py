"""Show the re-screens' progress, or run the queued ones here with progress printed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from screening.models import Rescreen
from screening.rescreen import rescreen_run
from screening.selectors import latest_rescreens


def _line(r: Rescreen) -> str:
    return (
        f"{r.version} [{r.state}] {r.done}/{r.total} people ({r.percent} %), "
        f"{r.changed_entries} new or changed entries, {r.alerts_created} new hits"
    )


class Command(BaseCommand):
    help = "Re-screen registered people against new list versions (default: show progress only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--run", action="store_true", help="run every queued or failed re-screen now")

    def handle(self, *args, **options) -> None:
        if options["run"]:
            pending = Rescreen.objects.filter(state__in=[Rescreen.State.QUEUED, Rescreen.State.FAILED]).order_by("id")
            for rescreen in pending:
                done = rescreen_run(rescreen_id=rescreen.pk, progress=lambda r: self.stdout.write(_line(r)))
                self.stdout.write(self.style.SUCCESS(_line(done)))
            return
        rescreens = latest_rescreens()
        if not rescreens:
            self.stdout.write("No re-screen yet.")
        for rescreen in rescreens:
            self.stdout.write(_line(rescreen))
