"""Screen every open application again against the currently loaded sanctions list."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from eresidency.constants import State
from eresidency.models import Application
from eresidency.services import application_rescreen_sanctions


def progress_bar(done: int, total: int, width: int = 30) -> str:
    """For example "123/456 [=======>                      ] 27%"."""
    fraction = done / total if total else 1.0
    filled = int(fraction * width)
    arrow = ">" if filled < width else ""
    return f"{done}/{total} [{'=' * filled}{arrow}{' ' * (width - filled - len(arrow))}] {int(fraction * 100)}%"


class Command(BaseCommand):
    help = "Re-screen every open application against the current sanctions list version."

    def handle(self, *args, **options):
        ids = list(
            Application.objects.filter(state__in=[State.PAID, State.IN_REVIEW, State.INFO_REQUESTED])
            .order_by("id")
            .values_list("pk", flat=True)
        )
        total, outcomes = len(ids), Counter()
        for done, pk in enumerate(ids, start=1):
            application = Application.objects.select_related("applicant").get(pk=pk)
            try:
                outcome = application_rescreen_sanctions(application=application)
            except Exception as error:
                if type(error).__name__ == "NoListLoaded":
                    raise CommandError("No sanctions list is loaded; load one with load_sanctions_list first.")
                outcome = "error"
                self.stderr.write(f"\n{application.code}: {type(error).__name__}: {error}")
            outcomes[outcome] += 1
            self.stderr.write("\r" + progress_bar(done, total), ending="")
            self.stderr.flush()
        self.stderr.write("")
        summary = ", ".join(f"{n} {name}" for name, n in sorted(outcomes.items())) or "nothing to screen"
        self.stdout.write(f"Screened {total} open application(s): {summary}.")
