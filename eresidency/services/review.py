"""The officials' side: claim, approve (four eyes when flagged), refuse, request information.

Every decision locks the application row first (SELECT … FOR UPDATE), then re-checks state
and claim: when two officials press "approve" at the same moment, the second one waits for
the first, then finds the application already decided and is told so.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from audit.types import ActorLike
from eresidency import constants, events, jobs
from eresidency.constants import DECIDABLE_STATES, Ground, InfoRequestStatus, State
from eresidency.deadlines import tallinn_date
from eresidency.exceptions import (
    AlreadyClaimed,
    ApplicationError,
    FourEyesRequired,
    NotClaimant,
    OwnApplication,
    WrongState,
)
from eresidency.models import Application, Approval, InfoRequest, RefusalGround
from eresidency.registry import approval_handlers
from eresidency.selectors import refusal_grounds
from eresidency.services.approvals import approvals_invalidate
from eresidency.services.letters import letter_order
from eresidency.services.notify import notify_applicant

if TYPE_CHECKING:
    from accounts.models import User

SYSTEM_EXPIRY = "system:expire_info_requests"


def info_requests_cancel(app: Application, *, actor: ActorLike) -> int:
    """Close the application's open requests for information (the decision or withdrawal
    made them moot), each one a journaled transition. Returns how many were closed."""
    closed = 0
    for info in InfoRequest.objects.select_for_update().filter(application=app, status=InfoRequestStatus.OPEN):
        transition(info, "info_cancel", actor=actor, data={"request": str(info.code)})
        closed += 1
    return closed


class NotAllowed(ApplicationError):
    status = 403


def _lock_for(application: Application, actor: User) -> Application:
    if getattr(actor, "role", None) != Role.IDENTITY_OFFICIAL:
        raise NotAllowed(_("Only identity officials can act on applications."))
    app = Application.objects.select_for_update().select_related("applicant").get(pk=application.pk)
    if app.applicant_id == actor.pk:
        raise OwnApplication(_("You cannot decide on your own application."))
    return app


def _require_claim(app: Application, actor: User) -> None:
    if app.claimed_by_id != actor.pk:
        if app.claimed_by_id:
            raise NotClaimant(_("Another official is working on this application."))
        raise NotClaimant(_("Claim the application before you decide on it."))


def _decided_message(app: Application) -> str:
    return _("This application is no longer open for a decision (it is now “%(state)s”).") % {
        "state": app.get_state_display()
    }


def application_claim(
    *, application: Application, actor: User, take_over: bool = False, reason: str = ""
) -> Application:
    """Claim the application. ``take_over=True`` (with a reason) moves a claim another
    official holds to ``actor``, for when its holder is away; journaled with both names.
    Approvals already given stay with the officials who gave them (four eyes still hold)."""
    with transaction.atomic():
        app = _lock_for(application, actor)
        if app.state not in DECIDABLE_STATES:
            raise WrongState(_decided_message(app))
        if app.claimed_by_id and app.claimed_by_id != actor.pk:
            previous = app.claimed_by
            assert previous is not None  # claimed_by_id is set
            if not take_over:
                raise AlreadyClaimed(
                    _("%(name)s already claimed this application.") % {"name": previous.full_name or previous}
                )
            if not reason.strip():
                raise AlreadyClaimed(_("Say why you take over the application."))
            app.claimed_by, app.claimed_at = actor, timezone.now()
            app.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
            journal_record(
                actor=actor,
                action=events.CLAIM_TAKEN_OVER,
                subject=app,
                reason=reason.strip(),
                data={"from": str(previous.code)},
            )
            return app
        if app.claimed_by_id != actor.pk:
            app.claimed_by, app.claimed_at = actor, timezone.now()
            app.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
            journal_record(actor=actor, action=events.CLAIMED, subject=app)
    return app


def application_release(*, application: Application, actor: User) -> Application:
    with transaction.atomic():
        app = _lock_for(application, actor)
        if app.claimed_by_id != actor.pk:
            raise NotClaimant(_("You have not claimed this application."))
        app.claimed_by, app.claimed_at = None, None
        app.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
        journal_record(actor=actor, action=events.RELEASED, subject=app)
    return app


def application_approve(*, application: Application, actor: User, note: str = "") -> str:
    """Approve. A flagged application needs two different officials: the first approval is
    recorded and the application stays in review for a second official to confirm.

    Returns "approved" or "first_approval".
    """

    with transaction.atomic():
        app = _lock_for(application, actor)
        if app.state == State.INFO_REQUESTED:
            raise WrongState(_("The applicant has not answered the request for information yet."))
        if app.state != State.IN_REVIEW:
            raise WrongState(_decided_message(app))
        _require_claim(app, actor)
        if app.flagged:
            approvals = list(app.approvals.filter(valid=True))
            if any(a.official_id == actor.pk for a in approvals):
                raise FourEyesRequired(
                    _("You already approved this flagged application. A second, different official must confirm it.")
                )
            if not approvals:
                Approval.objects.create(application=app, official=actor, note=note)
                app.claimed_by, app.claimed_at = None, None
                app.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
                journal_record(
                    actor=actor,
                    action=events.FIRST_APPROVAL,
                    subject=app,
                    reason=note,
                    data={"flags": [f.get("code") for f in app.flags]},
                )
                return "first_approval"
            Approval.objects.create(application=app, official=actor, note=note)
        app.claimed_by, app.claimed_at = None, None
        transition(
            app,
            "approve",
            actor=actor,
            reason=note,
            data={"approvals": [str(a.official.email) for a in app.approvals.filter(valid=True)]},
            by=actor,
            at=timezone.now(),
        )
        # Apps above this one hear of the approval through the registry (the digital ID app
        # orders the card); if one refuses, nothing of the approval is kept.
        for handler in approval_handlers():
            handler(application=app, actor=actor)
        letter_order(app, actor=actor)
        enqueue_job_on_commit(jobs.DECISION_LETTER, app.pk)
        notify_applicant(app, "approved")
    return "approved"


def application_refuse(*, application: Application, actor: User, ground: RefusalGround, reason: str) -> Application:

    with transaction.atomic():
        app = _lock_for(application, actor)
        if app.state not in DECIDABLE_STATES:
            raise WrongState(_decided_message(app))
        _require_claim(app, actor)
        if not refusal_grounds().filter(pk=ground.pk).exists():
            raise WrongState(_("This refusal ground is not in force."))
        app.claimed_by, app.claimed_at = None, None
        info_requests_cancel(app, actor=actor)
        transition(
            app,
            "refuse",
            actor=actor,
            reason=reason,
            data={"ground": ground.code, "legal_reference": ground.legal_reference},
            by=actor,
            at=timezone.now(),
            ground=ground,
            text=reason,
        )
        letter_order(app, actor=actor)
        enqueue_job_on_commit(jobs.DECISION_LETTER, app.pk)
        notify_applicant(app, "refused")
    return app


def application_request_info(*, application: Application, actor: User, message: str, deadline: date) -> InfoRequest:
    """Ask the applicant for more; the decision clock stops until they answer."""
    today = tallinn_date()
    if deadline <= today:
        raise WrongState(_("The deadline must be a future date."))
    if (deadline - today).days > constants.info_request_max_days():
        raise WrongState(_("The deadline can be at most %(n)s days away.") % {"n": constants.info_request_max_days()})
    with transaction.atomic():
        app = _lock_for(application, actor)
        if app.state != State.IN_REVIEW:
            raise WrongState(_decided_message(app))
        _require_claim(app, actor)
        info = InfoRequest.objects.create(application=app, message=message, deadline=deadline, requested_by=actor)
        approvals_invalidate(app, actor=actor, because="information requested")
        transition(
            app,
            "request_info",
            actor=actor,
            reason=message,
            data={"deadline": deadline.isoformat(), "request": str(info.code)},
            on=today,
        )
        notify_applicant(app, "info_requested", info_request=info)
    return info


def info_requests_expire(*, today: date | None = None) -> int:
    """Refuse applications whose request for information went unanswered past its deadline."""

    today = today or tallinn_date()
    ground = RefusalGround.objects.filter(code=Ground.NO_REPLY).first()
    if ground is None:
        raise RuntimeError("The refusal ground 'no_reply' is missing; run the migrations.")
    expired = 0
    for info_id in InfoRequest.objects.filter(status=InfoRequestStatus.OPEN, deadline__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            info = InfoRequest.objects.select_for_update().select_related("application").get(pk=info_id)
            app = Application.objects.select_for_update().get(pk=info.application_id)
            if info.status != InfoRequestStatus.OPEN or app.state != State.INFO_REQUESTED:
                continue
            transition(info, "info_expire", actor=SYSTEM_EXPIRY, data={"request": str(info.code)})
            reason = _("No answer to the request of %(date)s by its deadline %(deadline)s.") % {
                "date": timezone.localtime(info.requested_at).strftime("%d.%m.%Y"),
                "deadline": info.deadline.strftime("%d.%m.%Y"),
            }
            app.claimed_by, app.claimed_at = None, None
            transition(
                app,
                "refuse",
                actor=SYSTEM_EXPIRY,
                reason=reason,
                data={"ground": ground.code, "request": str(info.code)},
                by=None,
                at=timezone.now(),
                ground=ground,
                text=reason,
            )
            letter_order(app, actor=SYSTEM_EXPIRY)
            enqueue_job_on_commit(jobs.DECISION_LETTER, app.pk)
            notify_applicant(app, "refused")
            expired += 1
    return expired
