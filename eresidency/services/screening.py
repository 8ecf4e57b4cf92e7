"""Background screening: named stages, each stored with its result and attempts.

The settlement handler enqueues ``screening_start``; it moves the application into
screening and enqueues one task per stage. Each stage records its attempts; a stage that
still fails after STAGE_MAX_ATTEMPTS stays "failed" and the application shows up in the
officials' "needs attention" list. When every stage is done (passed or flagged) the
application enters review, flagged with the stages' reasons or clear.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from eresidency import events, jobs
from eresidency.constants import (
    FLAG_RESTRICTION_EXCEPTION,
    FLAG_SANCTIONS,
    STAGE_DONE,
    STAGE_MAX_ATTEMPTS,
    STAGE_ORDER,
    StageName,
    StageStatus,
    State,
)
from eresidency.exceptions import OwnApplication, StageNotRetryable
from eresidency.models import Application, ScreeningStage
from eresidency.services.approvals import approvals_invalidate
from eresidency.services.checks import CHECKS
from eresidency.services.notify import notify_applicant

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)
ACTOR = "task:screening"


def screening_start(*, application_id: int) -> bool:
    """Move a paid application into screening and enqueue its stages. Idempotent."""

    with transaction.atomic():
        app = Application.objects.select_for_update().filter(pk=application_id).first()
        if app is None or app.state != State.PAID:
            return False
        transition(app, "start_screening", actor=ACTOR)
        existing = {s.name: s for s in ScreeningStage.objects.select_for_update().filter(application=app)}
        for name in STAGE_ORDER:
            stage = existing.get(name)
            if stage is None:
                stage = ScreeningStage.objects.create(application=app, name=name, round=app.screening_round)
            else:
                # A new round (the application came back to screening): the stage starts afresh.
                transition(
                    stage,
                    "stage_reset",
                    actor=ACTOR,
                    action=events.STAGE_RESET,
                    data={"stage": name, "round": app.screening_round},
                    round_=app.screening_round,
                )
            enqueue_job_on_commit(jobs.SCREENING_STAGE, stage.pk, app.screening_round)
    return True


def _claim_stage(stage_id: int, round_: int) -> ScreeningStage | None:
    with transaction.atomic():
        stage = ScreeningStage.objects.select_for_update().select_related("application").filter(pk=stage_id).first()
        if stage is None or stage.round != round_ or stage.status in STAGE_DONE:
            return None
        if stage.status == StageStatus.FAILED or stage.application.state != State.SCREENING:
            return None
        transition(
            stage,
            "stage_start",
            actor=ACTOR,
            action=events.STAGE_STARTED,
            data={"stage": stage.name, "attempt": stage.attempts + 1},
            at=timezone.now(),
        )
    return stage


def screening_stage_run(*, stage_id: int, round_: int) -> str | None:
    """Run one stage once. Returns its new status, or None if there was nothing to do.

    A failing check is recorded on the stage (error, attempts) and re-raised so the task
    is retried; on the last attempt the stage is marked failed for officials to see.
    """
    stage = _claim_stage(stage_id, round_)
    if stage is None:
        return None
    check = CHECKS[stage.name]
    try:
        result, flags = check(stage.application)
    except Exception as error:
        with transaction.atomic():
            locked = ScreeningStage.objects.select_for_update().select_related("application").get(pk=stage.pk)
            message = f"{type(error).__name__}: {error}"[:2000]
            final = locked.attempts >= STAGE_MAX_ATTEMPTS
            if locked.status == StageStatus.RUNNING:
                transition(
                    locked,
                    "stage_give_up" if final else "stage_retry_later",
                    actor=ACTOR,
                    action=events.STAGE_FAILED if final else events.STAGE_RETRYING,
                    reason=message,
                    data={"stage": stage.name, "attempts": locked.attempts},
                    error=message,
                )
        raise
    with transaction.atomic():
        locked = ScreeningStage.objects.select_for_update().select_related("application").get(pk=stage.pk)
        if locked.round != round_ or locked.status != StageStatus.RUNNING:
            return None
        transition(
            locked,
            "stage_finish",
            actor=ACTOR,
            action=events.STAGE_DONE,
            data={
                "stage": stage.name,
                "status": StageStatus.FLAGGED if flags else StageStatus.PASSED,
                "flags": [f["code"] for f in flags],
            },
            result=result,
            flags=flags,
            at=timezone.now(),
        )
        screening_finish_if_done(application_id=stage.application_id)
    return locked.status


def screening_finish_if_done(*, application_id: int) -> bool:
    """Enter review once every stage of the round is done; stages may finish in any order."""
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application_id)
        if app.state != State.SCREENING:
            return False
        stages = list(app.stages.filter(round=app.screening_round))
        if len(stages) < len(STAGE_ORDER) or any(s.status not in STAGE_DONE for s in stages):
            return False
        flags = [f for f in app.flags if f.get("code") == FLAG_RESTRICTION_EXCEPTION]
        for stage in sorted(stages, key=lambda s: STAGE_ORDER.index(s.name)):
            flags.extend(stage.result.get("flags", []))
        app.flags = flags
        app.flagged = bool(flags)
        app.route_to_renewal = any(f.get("code") == "route_to_renewal" for f in flags)
        transition(
            app,
            "finish_screening",
            actor=ACTOR,
            reason=_("Flagged for review") if flags else _("Clear"),
            data={"flags": [f["code"] for f in flags]},
        )
        notify_applicant(app, "in_review")
    return True


def screening_stage_retry(*, stage: ScreeningStage, actor: User) -> ScreeningStage:
    """An identity official restarts a failed or stuck stage."""

    if getattr(actor, "role", None) != Role.IDENTITY_OFFICIAL:
        raise StageNotRetryable(_("Only identity officials can restart a stage."))
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=stage.application_id)
        if app.applicant_id == actor.pk:
            raise OwnApplication(_("You cannot act on your own application."))
        locked = ScreeningStage.objects.select_for_update().get(pk=stage.pk)
        if app.state != State.SCREENING or locked.status in STAGE_DONE:
            raise StageNotRetryable(_("This stage is not waiting to be restarted."))
        locked.application = app
        transition(
            locked,
            "stage_restart",
            actor=actor,
            action=events.STAGE_RESTARTED,
            data={"stage": locked.name},
        )
        enqueue_job_on_commit(jobs.SCREENING_STAGE, locked.pk, locked.round)
    return locked


def application_rescreen_sanctions(*, application: Application) -> str:
    """Screen an open application again against the current list version (``screen_all``).

    Returns "started" (paid, not yet screened: the normal pipeline starts), "skipped" (not in
    a state to rescreen), "unchanged" (same list version and same hits), "clear" or "flagged".
    Officials keep working meanwhile: the state does not change, only the flags do.
    """

    if application.state == State.PAID:
        with transaction.atomic():
            enqueue_job_on_commit(jobs.SCREENING_START, application.pk)
        return "started"
    if application.state not in {State.IN_REVIEW, State.INFO_REQUESTED}:
        return "skipped"
    result, flags = CHECKS[StageName.SANCTIONS](application)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.state not in {State.IN_REVIEW, State.INFO_REQUESTED}:
            return "skipped"
        stage = ScreeningStage.objects.select_for_update().filter(application=app, name=StageName.SANCTIONS).first()
        if stage is None:
            stage = ScreeningStage(application=app, name=StageName.SANCTIONS, round=app.screening_round)
        before = {str(h.get("entry_uid")) for h in stage.result.get("hits", [])}
        after = {str(h.get("entry_uid")) for h in result.get("hits", [])}
        same_version = str(stage.result.get("list_version_id")) == str(result.get("list_version_id"))
        if stage.pk and same_version and before == after:
            return "unchanged"
        previous = {k: v for k, v in stage.result.items() if k != "previous"}
        stage.application = app
        transition(
            stage,
            "stage_rescreen",
            actor="task:screen_all",
            action=events.STAGE_RESCREENED,
            data={"stage": stage.name, "status": StageStatus.FLAGGED if flags else StageStatus.PASSED},
            result=result,
            flags=flags,
            previous=previous,
            at=timezone.now(),
        )
        app.flags = [f for f in app.flags if f.get("code") != FLAG_SANCTIONS] + flags
        if after - before:
            # New matches are new information: earlier first approvals no longer stand.
            approvals_invalidate(app, actor="task:screen_all", because="new sanctions-list matches")
        app.flagged = bool(app.flags)
        app.save(update_fields=["flags", "flagged", "updated_at"])
        journal_record(
            actor="task:screen_all",
            action=events.RESCREENED,
            subject=app,
            data={"list_version_id": result.get("list_version_id"), "hits": sorted(after)},
        )
    return "flagged" if flags else "clear"
