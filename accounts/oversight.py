"""Pages for the people who watch the system: the journal for auditors and administrators,
failed background tasks for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from accounts.access import official_required
from accounts.constants import Role
from accounts.emails import outbox_waiting_count
from audit.models import JournalEntry, JournalHead
from audit.services import verify_chain

FAILED = "FAILED"


def failed_tasks_queryset():
    return DBTaskResult.objects.filter(status=FAILED).order_by("-finished_at", "-enqueued_at")


@official_required(Role.AUDITOR, Role.ADMINISTRATOR)
def journal_list(request: HttpRequest) -> HttpResponse:
    entries = JournalEntry.objects.select_related("actor").order_by("-seq")
    filters = {
        "subject_type": request.GET.get("subject_type", "").strip(),
        "subject_id": request.GET.get("subject_id", "").strip(),
        "action": request.GET.get("action", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
    }
    if filters["subject_type"]:
        entries = entries.filter(subject_type=filters["subject_type"])
    if filters["subject_id"]:
        entries = entries.filter(subject_id=filters["subject_id"])
    if filters["action"]:
        entries = entries.filter(action=filters["action"])
    if filters["actor"]:
        entries = entries.filter(actor_label__icontains=filters["actor"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    head = JournalHead.objects.filter(id=1).first()
    subject_types = JournalEntry.objects.order_by().values_list("subject_type", flat=True).distinct()
    return render(
        request,
        "accounts/journal.html",
        {"page": page, "filters": filters, "head": head, "subject_types": sorted(set(subject_types))},
    )


@require_POST
@official_required(Role.AUDITOR, Role.ADMINISTRATOR)
def journal_verify(request: HttpRequest) -> HttpResponse:
    report = verify_chain()
    if report.ok:
        messages.success(request, _("The journal is intact: %(n)s entries verified.") % {"n": report.checked})
    else:
        messages.error(
            request,
            _("The journal is broken at entry #%(seq)s: %(problem)s.")
            % {"seq": report.first_broken_seq, "problem": report.problem},
        )
    return redirect("accounts:journal")


@official_required(Role.ADMINISTRATOR)
def failed_tasks(request: HttpRequest) -> HttpResponse:
    page = Paginator(failed_tasks_queryset(), 25).get_page(request.GET.get("page"))
    return render(request, "accounts/failed_tasks.html", {"page": page})


def administrator_panel(request: HttpRequest) -> dict:
    return {"failed_tasks": failed_tasks_queryset().count(), "emails_waiting": outbox_waiting_count()}


def auditor_panel(request: HttpRequest) -> dict:
    head = JournalHead.objects.filter(id=1).first()
    return {"entries": head.seq if head else 0}


def empty_panel(message: str):
    return lambda request: {"message": message}
