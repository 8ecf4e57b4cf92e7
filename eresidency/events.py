"""The journal events of an e-Residency application, named once.

Each event owns its display text: what an official reads (third person) and, where the
applicant sees the entry on their status page, what they read. Transitions are journaled
under their method's name (``audit.services.transition``); the other acts call the
functions below. Timelines read their words from here (``audit.events.describe``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.events import Event, event
from audit.services import journal_record
from audit.types import ActorLike

APPLICATION = "eresidency.application"


def _stage_text(entry: Any) -> str:
    from eresidency.constants import StageName, StageStatus

    stage = dict(StageName.choices).get(entry.data.get("stage"), entry.data.get("stage"))
    status = dict(StageStatus.choices).get(entry.data.get("status"), entry.data.get("status"))
    return _("Background check “%(stage)s”: %(status)s.") % {"stage": stage, "status": status}


def _stage(action: str, text: Any) -> Event:
    def render(entry: Any) -> str:
        from eresidency.constants import StageName

        stage = dict(StageName.choices).get(entry.data.get("stage"), entry.data.get("stage"))
        return str(text) % {"stage": stage}

    return event(APPLICATION, action, official=text, render=render)


# --- Transitions of the application (journaled under the method's name) ---------------------

CREATED = event(
    APPLICATION,
    "create",
    official=gettext_lazy("The applicant started the application."),
    public=gettext_lazy("You started the application."),
)
SUBMITTED = event(
    APPLICATION,
    "submit",
    official=gettext_lazy("The applicant submitted the application; it waits for the state fee."),
    public=gettext_lazy("You submitted the application. It waits for the state fee."),
)
PAID = event(
    APPLICATION,
    "pay",
    official=gettext_lazy("The state fee was paid; the decision term started."),
    public=gettext_lazy("The state fee was paid. The decision term started."),
)
SCREENING_STARTED = event(
    APPLICATION,
    "start_screening",
    official=gettext_lazy("The background checks started."),
    public=gettext_lazy("Background checks started."),
)
SCREENING_FINISHED = event(
    APPLICATION,
    "finish_screening",
    official=gettext_lazy("The background checks finished; the application entered review."),
    public=gettext_lazy("Background checks finished. An official is reviewing the application."),
)
INFO_REQUESTED = event(
    APPLICATION,
    "request_info",
    official=gettext_lazy("The official asked the applicant for more information; the decision term is paused."),
    public=gettext_lazy("An official asked you for more information. The decision term is paused."),
)
INFO_RECEIVED = event(
    APPLICATION,
    "receive_info",
    official=gettext_lazy("The applicant answered the request; the decision term runs again."),
    public=gettext_lazy("You answered the request. The decision term runs again."),
)
APPROVED = event(
    APPLICATION,
    "approve",
    official=gettext_lazy("The official approved the application."),
    public=gettext_lazy("The application was approved."),
)
REFUSED = event(
    APPLICATION,
    "refuse",
    official=gettext_lazy("The application was refused."),
    public=gettext_lazy("The application was refused."),
)
WITHDRAWN = event(
    APPLICATION,
    "withdraw",
    official=gettext_lazy("The applicant withdrew the application."),
    public=gettext_lazy("The application was withdrawn."),
)
LETTER_ORDERED = event(
    APPLICATION, "letter_order", official=gettext_lazy("The decision letter was ordered from the letter service.")
)
LETTER_FAILED = event(
    APPLICATION,
    "letter_fail",
    official=gettext_lazy("The decision letter could not be produced; it is being retried."),
)
LETTER_ISSUED = event(
    APPLICATION,
    "decision_letter_issued",
    official=gettext_lazy("The sealed decision letter was issued."),
    public=gettext_lazy("The sealed decision letter is ready to download."),
)

# --- Requests for information (journaled under their application) ---------------------------

INFO_REQUEST_ANSWERED = event(
    APPLICATION, "info_answer", official=gettext_lazy("The applicant answered the request for information.")
)
INFO_REQUEST_EXPIRED = event(
    APPLICATION, "info_expire", official=gettext_lazy("The request for information expired without an answer.")
)
INFO_REQUEST_CANCELLED = event(
    APPLICATION, "info_cancel", official=gettext_lazy("The open request for information was closed by the decision.")
)

# --- Screening stages (journaled under their application) ------------------------------------

STAGE_STARTED = _stage("screening_stage_started", gettext_lazy("Background check “%(stage)s” started."))
STAGE_RETRYING = _stage(
    "screening_stage_retrying", gettext_lazy("Background check “%(stage)s” failed; it will be tried again.")
)
STAGE_DONE = event(
    APPLICATION, "screening_stage_done", official=gettext_lazy("A background check stage finished."), render=_stage_text
)
STAGE_FAILED = _stage("screening_stage_failed", gettext_lazy("Background check “%(stage)s” failed after its retries."))
STAGE_RESTARTED = _stage(
    "screening_stage_restarted", gettext_lazy("The official restarted background check “%(stage)s”.")
)
STAGE_RESET = _stage("screening_stage_reset", gettext_lazy("Background check “%(stage)s” starts a new round."))
STAGE_RESCREENED = event(
    APPLICATION,
    "screening_stage_rescreened",
    official=gettext_lazy("The sanctions stage was run again."),
    render=_stage_text,
)

# --- Acts that are not transitions ------------------------------------------------------------

CLAIMED = event(APPLICATION, "claim", official=gettext_lazy("The official claimed the application for review."))
RELEASED = event(APPLICATION, "release", official=gettext_lazy("The official released the claim."))
SANCTIONS_NEW_HIT = event(
    APPLICATION,
    "eresidency.sanctions_new_hit",
    official=gettext_lazy("A newly loaded sanctions list matches the e-resident; an official must look at the alert."),
)
CLAIM_TAKEN_OVER = event(
    APPLICATION,
    "claim_take_over",
    official=gettext_lazy("The official took over the claim from another official who was away."),
)
FIRST_APPROVAL = event(
    APPLICATION,
    "first_approval",
    official=gettext_lazy(
        "The official gave the first approval of a flagged application; a second official must confirm."
    ),
)
APPROVALS_INVALIDATED = event(
    APPLICATION,
    "approvals_invalidated",
    official=gettext_lazy("Earlier first approvals no longer stand: new information arrived."),
)
RESCREENED = event(
    APPLICATION,
    "rescreened",
    official=gettext_lazy("The application was screened again against the current sanctions list."),
)
PAYMENT_REPEATED = event(
    APPLICATION,
    "payment_repeated",
    official=gettext_lazy("The payment service reported the payment again (no change)."),
)
PAYMENT_AFTER_WITHDRAWAL = event(
    APPLICATION,
    "payment_after_withdrawal",
    official=gettext_lazy("A payment arrived after the withdrawal; it must be refunded."),
)
PAYMENT_FOR_UNKNOWN_APPLICATION = event(
    APPLICATION,
    "payment_for_unknown_application",
    official=gettext_lazy("A payment named an application that does not exist."),
)


def record(what: Event, *, actor: ActorLike, subject: Any, reason: str = "", data: dict | None = None) -> Any:
    """Journal one of the acts above."""
    return journal_record(actor=actor, action=what.action, subject=subject, reason=reason, data=data)
