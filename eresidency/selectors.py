"""Reads: access checks, the applicant's status, the officials' queue and what needs attention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import Role
from audit.selectors import journal_for
from eresidency import constants
from eresidency.constants import (
    CLOSED_STATES,
    OFFICIAL_VISIBLE_STATES,
    STEP_ORDER,
    InfoRequestStatus,
    LetterStatus,
    StageStatus,
    State,
    Step,
)
from eresidency.deadlines import tallinn_date
from eresidency.models import (
    Application,
    InfoRequest,
    NationalityRestriction,
    PickupLocation,
    RefusalGround,
    ScreeningStage,
)

REVIEW_ROLES = frozenset({Role.IDENTITY_OFFICIAL, Role.AUDITOR})


# --- Access -------------------------------------------------------------------------------


def get_application_for_user(user: Any, code: Any, *, write: bool = False) -> Application:
    """The application ``code`` if ``user`` may see it (and change it, with ``write``).

    Applicants see only their own; identity officials see every application handed in, and
    may act on it; auditors see but never act. Anything else is "not found", so the answer
    does not reveal whether someone else's application exists.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    qs = Application.objects.select_related("applicant", "pickup_location", "claimed_by", "restriction")
    if user.role == Role.APPLICANT:
        application = qs.filter(code=code, applicant=user).first()
    elif user.role in REVIEW_ROLES:
        application = qs.filter(code=code, state__in=OFFICIAL_VISIBLE_STATES).first()
        if application is not None and write and user.role != Role.IDENTITY_OFFICIAL:
            raise PermissionDenied
    else:
        raise PermissionDenied
    if application is None:
        raise Http404
    return application


def get_info_request_for_applicant(user: Any, application: Application, request_code: Any) -> InfoRequest:
    info = InfoRequest.objects.filter(code=request_code, application=application).first()
    if info is None or application.applicant_id != user.pk:
        raise Http404
    return info


def open_application_for(user: Any) -> Application | None:
    return (
        Application.objects.filter(applicant=user)
        .exclude(state__in=CLOSED_STATES)
        .select_related("pickup_location")
        .first()
    )


def applications_of(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related("pickup_location").order_by("-created_at")


# --- Reference data -----------------------------------------------------------------------


def restriction_for(country: str, *, on: date | None = None) -> NationalityRestriction | None:
    if not country:
        return None
    day = on or tallinn_date()
    return (
        NationalityRestriction.objects.filter(country=country, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def restrictions_in_force(*, on: date | None = None) -> QuerySet[NationalityRestriction]:
    day = on or tallinn_date()
    return (
        NationalityRestriction.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("valid_from", "country")
    )


def active_pickup_locations() -> QuerySet[PickupLocation]:
    return PickupLocation.objects.filter(active=True).order_by("kind", "country", "city", "name")


def refusal_grounds(*, on: date | None = None) -> QuerySet[RefusalGround]:
    day = on or tallinn_date()
    return RefusalGround.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def state_fee(*, variant: str = "") -> Any:
    """The state fee today, or None if no version is in force."""
    from payments.exceptions import FeeNotFound
    from payments.selectors import fee_amount

    try:
        return fee_amount(constants.FEE_CODE, on=tallinn_date(), variant=variant)
    except FeeNotFound:
        return None


# --- Steps of the form -------------------------------------------------------------------


def steps_for(application: Application) -> list[str]:
    """The form's steps for this applicant: the restriction step only when it applies."""
    restricted = restriction_for(application.citizenship) is not None
    return [s for s in STEP_ORDER if s != Step.ELIGIBILITY or restricted]


def first_incomplete_step(application: Application) -> str | None:
    for step in steps_for(application):
        if step not in application.completed_steps:
            return step
    return None


# --- Deadlines ----------------------------------------------------------------------------


def days_left(application: Application, *, today: date | None = None) -> int | None:
    """Days to the decision deadline; frozen while the applicant is asked for information."""
    if application.decision_due is None or application.state in CLOSED_STATES:
        return None
    reference = application.clock_stopped_on or today or tallinn_date()
    return (application.decision_due - reference).days


# --- The applicant's status page -----------------------------------------------------------

_PUBLIC_ACTIONS = {
    "create": gettext_lazy("You started the application."),
    "submit": gettext_lazy("You submitted the application. It waits for the state fee."),
    "pay": gettext_lazy("The state fee was paid. The decision term started."),
    "start_screening": gettext_lazy("Background checks started."),
    "finish_screening": gettext_lazy("Background checks finished. An official is reviewing the application."),
    "request_info": gettext_lazy("An official asked you for more information. The decision term is paused."),
    "receive_info": gettext_lazy("You answered the request. The decision term runs again."),
    "approve": gettext_lazy("The application was approved."),
    "refuse": gettext_lazy("The application was refused."),
    "withdraw": gettext_lazy("The application was withdrawn."),
    "decision_letter_issued": gettext_lazy("The sealed decision letter is ready to download."),
}


@dataclass
class StatusStep:
    label: str
    status: str  # "done", "current", "todo", "skipped"


@dataclass
class StatusView:
    application: Application
    steps: list[StatusStep]
    headline: str
    next_step: str
    days_left: int | None
    open_requests: list[InfoRequest]
    answered_requests: list[InfoRequest]
    timeline: list[dict[str, Any]]
    can_withdraw: bool
    can_pay: bool
    can_edit: bool
    letter_ready: bool
    extra: dict[str, Any] = field(default_factory=dict)


def _step_list(application: Application) -> list[StatusStep]:
    labels = [
        (_("Fill in the application"), {State.DRAFT}),
        (_("Pay the state fee"), {State.SUBMITTED}),
        (_("Background checks"), {State.PAID, State.SCREENING}),
        (_("Review by an official"), {State.IN_REVIEW, State.INFO_REQUESTED}),
        (_("Decision"), {State.APPROVED, State.REFUSED}),
    ]
    order = [states for _label, states in labels]
    current_index = next((i for i, states in enumerate(order) if application.state in states), None)
    steps = []
    for i, (label, _states) in enumerate(labels):
        if application.state == State.WITHDRAWN:
            status = "skipped"
        elif current_index is None:
            status = "todo"
        elif i < current_index or application.state in {State.APPROVED, State.REFUSED}:
            status = "done"
        elif i == current_index:
            status = "current"
        else:
            status = "todo"
        steps.append(StatusStep(str(label), status))
    return steps


def _headline(application: Application) -> tuple[str, str]:
    s = application.state
    due = application.decision_due
    if s == State.DRAFT:
        return _("Your application is a draft."), _("Finish the remaining steps, check your answers and submit.")
    if s == State.SUBMITTED:
        return _("Your application waits for the state fee."), _(
            "Pay the state fee. Processing starts when the payment arrives."
        )
    if s in {State.PAID, State.SCREENING}:
        return _("Background checks are running."), _(
            "You do not need to do anything. An official reviews the application after the checks."
        )
    if s == State.IN_REVIEW:
        return _("An official is reviewing your application."), (
            _("You will have a decision by %(date)s at the latest.") % {"date": due.strftime("%d.%m.%Y")} if due else ""
        )
    if s == State.INFO_REQUESTED:
        return _("We need more information from you."), _(
            "Answer the request below before its deadline. Without an answer the application is refused."
        )
    if s == State.APPROVED:
        return _("Your application is approved."), _(
            "Your digital ID will be sent to %(place)s; this takes up to 5 weeks. Collect it in person within "
            "6 months of its arrival and bring the travel document you applied with."
        ) % {"place": str(application.pickup_location or "")}
    if s == State.REFUSED:
        return _("Your application was refused."), _(
            "The decision letter gives the reason. You can challenge the decision or apply again later."
        )
    return _("You withdrew your application."), _("You can start a new application at any time.")


_OFFICIAL_ACTIONS = {
    "claim": gettext_lazy("Claimed for review."),
    "release": gettext_lazy("Released the claim."),
    "first_approval": gettext_lazy("First approval of a flagged application (a second official must confirm)."),
    "screening_stage_failed": gettext_lazy("A background check stage failed after its retries."),
    "screening_stage_restarted": gettext_lazy("A background check stage was restarted."),
    "rescreened": gettext_lazy("Screened again against the current sanctions list."),
    "payment_repeated": gettext_lazy("The payment service reported the payment again (no change)."),
    "payment_after_withdrawal": gettext_lazy("A payment arrived after the withdrawal: refund it."),
}


# What officials read for the applicant-facing acts: the third person, not "you".
_OFFICIAL_PUBLIC_ACTIONS = {
    "create": gettext_lazy("The applicant started the application."),
    "submit": gettext_lazy("The applicant submitted the application; the state fee was due."),
    "request_info": gettext_lazy("More information was requested from the applicant; the decision term paused."),
    "receive_info": gettext_lazy("The applicant answered the request; the decision term runs again."),
    "claim_take_over": gettext_lazy("Took over the claim from another official."),
}


def _official_text(entry: Any) -> str:
    if entry.action == "screening_stage_done":
        stage = dict(constants.StageName.choices).get(entry.data.get("stage"), entry.data.get("stage"))
        status = dict(StageStatus.choices).get(entry.data.get("status"), entry.data.get("status"))
        return _("Background check “%(stage)s”: %(status)s.") % {"stage": stage, "status": status}
    text = _OFFICIAL_ACTIONS.get(entry.action)
    return str(text) if text else entry.action.replace("_", " ")


def timeline_for(application: Application, *, official: bool = False) -> list[dict[str, Any]]:
    """The journal in plain words. Officials also see internal steps and who acted."""
    rows = []
    for entry in journal_for(application):
        text = _PUBLIC_ACTIONS.get(entry.action)
        if official:
            text = _OFFICIAL_PUBLIC_ACTIONS.get(entry.action) or text
        if text is None and not official:
            continue
        if text is None:
            text = _official_text(entry)
        rows.append(
            {
                "at": entry.at,
                "action": entry.action,
                "text": str(text),
                "reason": entry.reason,
                "actor": entry.actor_label,
                "data": entry.data,
                "to_state": entry.to_state,
            }
        )
    return rows


def status_view(application: Application) -> StatusView:
    headline, next_step = _headline(application)
    requests = list(application.info_requests.prefetch_related("files").order_by("requested_at"))
    return StatusView(
        application=application,
        steps=_step_list(application),
        headline=headline,
        next_step=next_step,
        days_left=days_left(application),
        open_requests=[r for r in requests if r.status == InfoRequestStatus.OPEN],
        answered_requests=[r for r in requests if r.status != InfoRequestStatus.OPEN],
        timeline=timeline_for(application),
        can_withdraw=application.state
        in {State.DRAFT, State.SUBMITTED, State.PAID, State.SCREENING, State.IN_REVIEW, State.INFO_REQUESTED},
        can_pay=application.state == State.SUBMITTED,
        can_edit=application.state == State.DRAFT,
        letter_ready=application.letter_status == LetterStatus.READY and bool(application.letter),
    )


# --- Officials: queue, counts, needs attention ---------------------------------------------


@dataclass
class QueueFilters:
    state: str = ""
    flagged: str = ""  # "", "yes", "no"
    location: str = ""  # pick-up location code
    deadline: str = ""  # "", "overdue", "7", "14"
    claimed: str = ""  # "", "mine", "unclaimed"
    q: str = ""


QUEUE_STATES = (State.PAID, State.SCREENING, State.IN_REVIEW, State.INFO_REQUESTED)


def _overdue_q(today: date) -> Q:
    running = Q(decision_due__lt=today) & ~Q(state=State.INFO_REQUESTED)
    paused = Q(state=State.INFO_REQUESTED, decision_due__lt=F("clock_stopped_on"))
    return running | paused


def review_queue(*, filters: QueueFilters, user: Any, today: date | None = None) -> QuerySet[Application]:
    today = today or tallinn_date()
    qs = Application.objects.select_related("pickup_location", "claimed_by").annotate(
        approval_count=Count("approvals", filter=Q(approvals__valid=True))
    )
    qs = qs.filter(state=filters.state) if filters.state else qs.filter(state__in=QUEUE_STATES)
    if filters.flagged == "yes":
        qs = qs.filter(flagged=True)
    elif filters.flagged == "no":
        qs = qs.filter(flagged=False)
    if filters.location:
        qs = qs.filter(pickup_location__code=filters.location)
    if filters.deadline == "overdue":
        qs = qs.filter(_overdue_q(today))
    elif filters.deadline in {"7", "14"}:
        qs = qs.filter(decision_due__lte=today + timedelta(days=int(filters.deadline)))
    if filters.claimed == "mine":
        qs = qs.filter(claimed_by=user)
    elif filters.claimed == "unclaimed":
        qs = qs.filter(claimed_by__isnull=True)
    if filters.q:
        qs = qs.filter(Q(surname__icontains=filters.q) | Q(given_names__icontains=filters.q))
    return qs.order_by("decision_due", "paid_at", "id")


def queue_rows(applications: Any, *, today: date | None = None) -> list[dict[str, Any]]:
    today = today or tallinn_date()
    rows = []
    for app in applications:
        left = days_left(app, today=today)
        overdue = left is not None and left < 0
        rows.append({"app": app, "days_left": left, "overdue": overdue, "overdue_days": -left if overdue else 0})
    return rows


def needs_attention(*, now: Any = None) -> list[dict[str, Any]]:
    """Applications stuck in the pipeline: never silently."""
    now = now or timezone.now()
    stuck_before = now - timedelta(minutes=constants.stage_stuck_minutes())
    items: dict[int, dict[str, Any]] = {}

    def add(app: Application, reason: str) -> None:
        items.setdefault(app.pk, {"app": app, "reasons": []})["reasons"].append(reason)

    stages = (
        ScreeningStage.objects.filter(application__state=State.SCREENING)
        .filter(
            Q(status=StageStatus.FAILED)
            | Q(status__in=[StageStatus.PENDING, StageStatus.RUNNING], updated_at__lt=stuck_before)
        )
        .select_related("application", "application__pickup_location")
    )
    for stage in stages:
        if stage.status == StageStatus.FAILED:
            add(
                stage.application,
                _("Stage “%(stage)s” failed after %(n)s attempts: %(error)s")
                % {"stage": stage.get_name_display(), "n": stage.attempts, "error": stage.error[:200]},
            )
        else:
            add(
                stage.application,
                _("Stage “%(stage)s” has been %(status)s since %(since)s.")
                % {
                    "stage": stage.get_name_display(),
                    "status": stage.get_status_display().lower(),
                    "since": timezone.localtime(stage.updated_at).strftime("%d.%m.%Y %H:%M"),
                },
            )
    for app in Application.objects.filter(state=State.PAID, paid_at__lt=stuck_before).select_related("pickup_location"):
        add(app, _("Paid, but the background checks have not started."))
    screening_no_stages = Application.objects.filter(
        state=State.SCREENING, updated_at__lt=stuck_before, stages__isnull=True
    ).select_related("pickup_location")
    for app in screening_no_stages:
        add(app, _("In background checks, but no stage was created."))
    for app in Application.objects.filter(letter_status=LetterStatus.FAILED).select_related("pickup_location"):
        add(app, _("The decision letter could not be produced: %(error)s") % {"error": app.letter_error[:200]})
    return sorted(items.values(), key=lambda item: item["app"].paid_at or item["app"].created_at)


def queue_counts(*, today: date | None = None) -> dict[str, int]:
    today = today or tallinn_date()
    open_review = Application.objects.filter(state__in=[State.IN_REVIEW, State.INFO_REQUESTED])
    return {
        "waiting": Application.objects.filter(state=State.IN_REVIEW, claimed_by__isnull=True).count(),
        "in_review": open_review.count(),
        "overdue": Application.objects.filter(state__in=QUEUE_STATES).filter(_overdue_q(today)).count(),
        "attention": len(needs_attention()),
    }


def stages_of(application: Application) -> list[ScreeningStage]:
    order = {name: i for i, name in enumerate(constants.STAGE_ORDER)}
    return sorted(application.stages.all(), key=lambda s: order.get(s.name, 99))


def hit_partial() -> str:
    """The screening app's partial for one hit, or our own while it does not exist."""
    try:
        get_template("screening/partials/hit.html")
    except TemplateDoesNotExist:
        return "eresidency/partials/hit_fallback.html"
    return "screening/partials/hit.html"
