"""Background checks before review, as stages that retry: sanctions screening of founders
and board, each natural person's digital ID validity, and the registrar's business-ban list.

Each stage is one row; a failing stage (no sanctions list loaded, an outage) is recorded as
an error and retried by a task with back-off. When no stage is pending or failing, the
application goes to the registrar's queue (submitted → in_review)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from companies.constants import CheckStage, CheckStatus, FoundingState, PartyKind
from companies.models import BackgroundCheck, FoundingApplication
from companies.people import person_by_personal_code


def _people(app: FoundingApplication) -> list[tuple[str, str]]:
    """(personal code, role) of every natural person in the application."""
    out: dict[str, str] = {}
    for founder in app.founders.all():
        if founder.kind == PartyKind.NATURAL:
            out.setdefault(founder.personal_code, "founder")
    for member in app.board.all():
        out.setdefault(member.personal_code, member.board)
    return list(out.items())


def checks_open(app: FoundingApplication) -> None:
    """Create (or reset) the stages and run them after commit."""
    app.checks_round += 1
    app.save(update_fields=["checks_round"])
    for stage in CheckStage.values:
        check, created = BackgroundCheck.objects.get_or_create(application=app, stage=stage)
        if not created and check.status != CheckStatus.PENDING:
            transition(check, "check_reset", actor="task:checks", reason="a new round of checks")
    enqueue_job_on_commit("companies.run_checks", app.pk)


def _screening(app: FoundingApplication) -> tuple[str, list[dict[str, Any]]]:
    from screening.services import screen_person

    findings = []
    for code, role in _people(app):
        person = person_by_personal_code(code)
        if person is None:
            findings.append({"personal_code": code, "role": role, "explanation": _("Person not found.")})
            continue
        result = screen_person(
            given_names=person.given_names,
            surname=person.surname,
            date_of_birth=person.date_of_birth,
            nationality=person.citizenship,
        )
        for hit in result.hits:
            findings.append(
                {
                    "personal_code": code,
                    "name": f"{person.given_names} {person.surname}",
                    "role": role,
                    "list": hit.list_label,
                    "listed_as": hit.primary_name,
                    "score": hit.score,
                    "explanation": hit.explanation,
                }
            )
    return (CheckStatus.FLAGGED if findings else CheckStatus.PASSED), findings


def _id_validity(app: FoundingApplication) -> tuple[str, list[dict[str, Any]]]:
    findings = []
    for code, role in _people(app):
        person = person_by_personal_code(code)
        if person is None or not person.active:
            findings.append(
                {
                    "personal_code": code,
                    "role": role,
                    "explanation": _("No active digital ID (state: %(state)s).")
                    % {"state": person.card_state if person else _("none")},
                }
            )
    return (CheckStatus.FLAGGED if findings else CheckStatus.PASSED), findings


def _bans(app: FoundingApplication) -> tuple[str, list[dict[str, Any]]]:
    from companies.services.founding import active_bans

    findings = []
    for code, role in _people(app):
        for ban in active_bans(code):
            findings.append(
                {
                    "personal_code": code,
                    "role": role,
                    "explanation": _("%(kind)s from %(start)s (%(ref)s).")
                    % {
                        "kind": ban.get_kind_display(),
                        "start": ban.valid_from.strftime("%d.%m.%Y"),
                        "ref": ban.reference,
                    },
                }
            )
    return (CheckStatus.FLAGGED if findings else CheckStatus.PASSED), findings


STAGES = {CheckStage.SCREENING: _screening, CheckStage.ID_VALIDITY: _id_validity, CheckStage.BUSINESS_BANS: _bans}


def checks_run(*, application_id: int) -> str:
    """Run every pending or failed stage once; raise if one failed so the task retries."""
    app = FoundingApplication.objects.get(pk=application_id)
    if app.state != FoundingState.SUBMITTED:
        return "not submitted"
    failed: list[str] = []
    for check in list(app.checks.filter(status__in=[CheckStatus.PENDING, CheckStatus.ERROR])):
        try:
            status, findings = STAGES[check.stage](app)
        except Exception as error:  # recorded for the operator and retried by the task
            message = f"{type(error).__name__}: {error}"
            transition(
                check,
                "check_fail",
                actor="task:checks",
                reason=message[:500],
                data={"stage": check.stage},
                error=message,
            )
            failed.append(check.stage)
            continue
        transition(
            check,
            "check_finish",
            actor="task:checks",
            data={"stage": check.stage, "status": status},
            status=status,
            findings=findings,
        )
    if failed:
        raise RuntimeError(f"checks failed: {', '.join(failed)}")
    with transaction.atomic():
        locked = FoundingApplication.objects.select_for_update().get(pk=app.pk)
        if (
            locked.state == FoundingState.SUBMITTED
            and not locked.checks.exclude(status__in=[CheckStatus.PASSED, CheckStatus.FLAGGED]).exists()
        ):
            transition(locked, "start_review", actor="task:checks", reason="background checks done")
    return "done"


def check_retry(*, application: FoundingApplication, actor: Any) -> None:
    journal_record(actor=actor, action="checks_retry", subject=application)
    enqueue_job_on_commit("companies.run_checks", application.pk)
