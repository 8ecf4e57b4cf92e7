"""The identity board's records: applications, their screening stages, review and decisions."""

from __future__ import annotations

import os
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from audit.services import JournaledFSMModel
from core.countries import COUNTRY_CHOICES, country_name
from eresidency.constants import (
    CLOSED_STATES,
    GROUND_LABELS,
    DocumentType,
    ExceptionKind,
    InfoRequestStatus,
    LetterStatus,
    MotivationCategory,
    PickupKind,
    Sex,
    StageName,
    StageStatus,
    State,
)


def _random_name(folder: str, filename: str, default_ext: str) -> str:
    # The uploaded name is never kept: it may carry personal data or path tricks.
    ext = os.path.splitext(filename)[1].lower()
    if ext not in {".jpg", ".jpeg", ".png", ".pdf"}:
        ext = default_ext
    return f"eresidency/{folder}/{uuid.uuid4().hex}{ext}"


def photo_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("photos", "x.jpg", ".jpg")


def document_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("documents", filename, ".pdf")


def letter_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("letters", "x.pdf", ".pdf")


class PickupLocation(models.Model):
    """Where a card can be collected: a PPA office in Estonia or an Estonian embassy."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PickupKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=300)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive locations cannot be chosen."))

    class Meta:
        verbose_name = _("pick-up location")
        verbose_name_plural = _("pick-up locations")
        ordering = ["country", "city", "name"]

    def __str__(self) -> str:
        # The name in the reader's language when it is catalogued (eresidency/data_labels.py).
        from django.utils.translation import gettext

        return f"{self.city}, {gettext(self.name)}"

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class NationalityRestriction(models.Model):
    """Citizenships whose applications are not accepted, as dated data (estonia-facts §1.1)."""

    country = models.CharField(_("citizenship"), max_length=2, choices=COUNTRY_CHOICES)
    group = models.CharField(_("group"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=300)
    exceptions_allowed = models.BooleanField(
        _("legal exceptions apply"),
        default=True,
        help_text=_("EEA/UK/Swiss residence of three years, or an active Estonian company."),
    )

    class Meta:
        verbose_name = _("citizenship restriction")
        verbose_name_plural = _("citizenship restrictions")
        ordering = ["country", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="eres_restriction_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country_name} ({self.valid_from:%Y-%m-%d})"

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class RefusalGround(models.Model):
    """A legal ground for refusing an application, dated (estonia-facts §1.4)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    legal_reference = models.CharField(_("legal reference"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("refusal ground")
        verbose_name_plural = _("refusal grounds")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return GROUND_LABELS.get(self.code, self.title)


class Application(JournaledFSMModel):
    """One person's application for the e-resident's digital ID."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="eres_applications",
    )
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, db_index=True, protected=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    completed_steps = models.JSONField(_("completed steps"), default=list, blank=True)

    # Personal data (as on the travel document).
    given_names = models.CharField(_("given names"), max_length=30, blank=True)
    surname = models.CharField(_("surname"), max_length=28, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    residence_country = models.CharField(_("country of residence"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    # Travel document.
    document_type = models.CharField(_("document type"), max_length=10, choices=DocumentType.choices, blank=True)
    document_number = models.CharField(_("document number"), max_length=20, blank=True, db_index=True)
    document_country = models.CharField(_("issuing country"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    document_expiry = models.DateField(_("valid until"), null=True, blank=True)
    mrz = models.TextField(_("machine-readable zone"), blank=True)

    # Photo, re-encoded without metadata.
    photo = models.FileField(_("photo"), upload_to=photo_upload_to, blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True)
    photo_height = models.PositiveIntegerField(null=True, blank=True)

    # Motivation.
    motivation_category = models.CharField(
        _("main reason"), max_length=30, choices=MotivationCategory.choices, blank=True
    )
    motivation = models.TextField(_("statement"), blank=True)
    cv = models.FileField(_("CV"), upload_to=document_upload_to, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)

    pickup_location = models.ForeignKey(
        PickupLocation, verbose_name=_("pick-up location"), on_delete=models.PROTECT, null=True, blank=True
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)

    # Citizenship restriction: the exception claimed, with evidence (flagged for review).
    restriction = models.ForeignKey(
        NationalityRestriction, verbose_name=_("restriction"), on_delete=models.PROTECT, null=True, blank=True
    )
    exception_kind = models.CharField(_("exception claimed"), max_length=20, choices=ExceptionKind.choices, blank=True)
    exception_details = models.TextField(_("exception details"), blank=True)
    exception_evidence = models.FileField(_("evidence"), upload_to=document_upload_to, blank=True)

    # Process.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True, db_index=True)
    clock_stopped_on = models.DateField(_("clock stopped on"), null=True, blank=True)
    days_paused = models.PositiveIntegerField(_("days paused"), default=0)
    screening_round = models.PositiveIntegerField(default=0)
    flagged = models.BooleanField(_("flagged"), default=False, db_index=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    route_to_renewal = models.BooleanField(_("route to renewal"), default=False)

    # Review.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eres_claimed",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eres_decided",
    )
    refusal_ground = models.ForeignKey(
        RefusalGround, verbose_name=_("refusal ground"), on_delete=models.PROTECT, null=True, blank=True
    )
    decision_reason = models.TextField(_("decision reason"), blank=True)
    letter = models.FileField(_("decision letter"), upload_to=letter_upload_to, blank=True)
    letter_status = FSMField(
        _("decision letter"), max_length=10, choices=LetterStatus.choices, blank=True, default="", protected=True
    )
    letter_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("e-Residency application")
        verbose_name_plural = _("e-Residency applications")
        ordering = ["-created_at"]
        constraints = [
            # Only one open application per person.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=~Q(state__in=sorted(s.value for s in CLOSED_STATES)),
                name="eres_one_open_application",
            )
        ]
        indexes = [
            models.Index(fields=["document_country", "document_number"], name="eres_app_document_idx"),
            models.Index(fields=["date_of_birth", "surname"], name="eres_app_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or _('(no name yet)')} · {self.get_state_display()}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname) if p)

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES

    @property
    def needs_four_eyes(self) -> bool:
        return self.flagged

    # --- Transitions (run only through audit.services.transition) ---------------------

    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED)
    def submit(self, *, at) -> None:
        self.submitted_at = at

    @transition(field=state, source=State.SUBMITTED, target=State.PAID)
    def pay(self, *, at, due: date) -> None:
        self.paid_at = at
        self.decision_due = due

    @transition(field=state, source=State.PAID, target=State.SCREENING)
    def start_screening(self) -> None:
        self.screening_round += 1

    @transition(field=state, source=State.SCREENING, target=State.IN_REVIEW)
    def finish_screening(self) -> None:
        pass

    @transition(field=state, source=State.IN_REVIEW, target=State.INFO_REQUESTED)
    def request_info(self, *, on: date) -> None:
        self.clock_stopped_on = on
        self.claimed_by = None
        self.claimed_at = None

    @transition(field=state, source=State.INFO_REQUESTED, target=State.IN_REVIEW)
    def receive_info(self, *, due: date, paused: int) -> None:
        self.decision_due = due
        self.days_paused += paused
        self.clock_stopped_on = None

    @transition(field=state, source=State.IN_REVIEW, target=State.APPROVED)
    def approve(self, *, by, at) -> None:
        self.decided_by = by
        self.decided_at = at

    @transition(field=state, source=[State.IN_REVIEW, State.INFO_REQUESTED], target=State.REFUSED)
    def refuse(self, *, by, at, ground: RefusalGround, text: str) -> None:
        self.decided_by = by
        self.decided_at = at
        self.refusal_ground = ground
        self.decision_reason = text
        self.clock_stopped_on = None

    @transition(
        field=state,
        source=[State.DRAFT, State.SUBMITTED, State.PAID, State.SCREENING, State.IN_REVIEW, State.INFO_REQUESTED],
        target=State.WITHDRAWN,
    )
    def withdraw(self, *, at) -> None:
        self.decided_at = at
        self.claimed_by = None

    # The decision letter has its own small machine: ordered with the decision, then
    # issued (sealed and stored) or failed and retried by its task.

    @transition(field=letter_status, source=[LetterStatus.NONE], target=LetterStatus.PENDING)
    def letter_order(self) -> None:
        self.letter_error = ""

    @transition(
        field=letter_status,
        source=[LetterStatus.NONE, LetterStatus.PENDING, LetterStatus.FAILED],
        target=LetterStatus.FAILED,
    )
    def letter_fail(self, *, error: str) -> None:
        self.letter_error = error[:2000]

    @transition(
        field=letter_status,
        source=[LetterStatus.NONE, LetterStatus.PENDING, LetterStatus.FAILED],
        target=LetterStatus.READY,
    )
    def letter_issue(self) -> None:
        self.letter_error = ""


class ScreeningStage(JournaledFSMModel):
    """One named stage of the background check, with its stored result. Its moves are
    journaled under its application (``journal_subject``)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("stage"), max_length=20, choices=StageName.choices)
    round = models.PositiveIntegerField(_("round"), default=1)
    status = FSMField(
        _("status"), max_length=10, choices=StageStatus.choices, default=StageStatus.PENDING, protected=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("screening stage")
        verbose_name_plural = _("screening stages")
        ordering = ["application", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "name"], name="eres_stage_once")]
        indexes = [models.Index(fields=["status", "updated_at"], name="eres_stage_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_name_display()}: {self.get_status_display()}"

    @property
    def journal_subject(self) -> Application:
        return self.application

    @transition(field=status, source=StageStatus.PENDING, target=StageStatus.RUNNING)
    def stage_start(self, *, at) -> None:
        self.attempts += 1
        self.started_at = at

    @transition(field=status, source=StageStatus.RUNNING, target=StageStatus.PENDING)
    def stage_retry_later(self, *, error: str) -> None:
        self.error = error

    @transition(field=status, source=StageStatus.RUNNING, target=StageStatus.FAILED)
    def stage_give_up(self, *, error: str) -> None:
        self.error = error

    @transition(field=status, source=StageStatus.RUNNING, target=RETURN_VALUE(StageStatus.PASSED, StageStatus.FLAGGED))
    def stage_finish(self, *, result: dict, flags: list, at) -> str:
        self.result = {**result, "flags": flags}
        self.error = ""
        self.finished_at = at
        return StageStatus.FLAGGED if flags else StageStatus.PASSED

    @transition(
        field=status, source=[StageStatus.PENDING, StageStatus.RUNNING, StageStatus.FAILED], target=StageStatus.PENDING
    )
    def stage_restart(self) -> None:
        self.attempts, self.error = 0, ""

    @transition(field=status, source="*", target=StageStatus.PENDING)
    def stage_reset(self, *, round_: int) -> None:
        """A new screening round starts the stage afresh."""
        self.round = round_
        self.attempts, self.result, self.error = 0, {}, ""
        self.started_at = self.finished_at = None

    @transition(field=status, source="*", target=RETURN_VALUE(StageStatus.PASSED, StageStatus.FLAGGED))
    def stage_rescreen(self, *, result: dict, flags: list, previous: dict, at) -> str:
        self.result = {**result, "flags": flags, "previous": previous}
        self.attempts += 1
        self.finished_at = at
        return StageStatus.FLAGGED if flags else StageStatus.PASSED


class Approval(models.Model):
    """A first approval of a flagged application; a second official must confirm it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="approvals")
    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    valid = models.BooleanField(default=True, help_text=_("Set off when new information arrived afterwards."))
    invalidated_at = models.DateTimeField(_("no longer valid since"), null=True, blank=True)
    invalidated_because = models.CharField(_("why it no longer stands"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.official} approved {self.application.code}"


class InfoRequest(JournaledFSMModel):
    """An official's request for more information; the decision clock stops until it is answered.
    Its moves are journaled under its application (``journal_subject``)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="info_requests")
    message = models.TextField(_("what is needed"))
    deadline = models.DateField(_("answer by"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = FSMField(
        _("status"), max_length=10, choices=InfoRequestStatus.choices, default=InfoRequestStatus.OPEN, protected=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="open"), name="eres_one_open_info_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.code}: {self.get_status_display()}"

    @property
    def journal_subject(self) -> Application:
        return self.application

    @transition(field=status, source=InfoRequestStatus.OPEN, target=InfoRequestStatus.ANSWERED)
    def info_answer(self, *, answer: str, at) -> None:
        self.answer, self.answered_at = answer, at

    @transition(field=status, source=InfoRequestStatus.OPEN, target=InfoRequestStatus.EXPIRED)
    def info_expire(self) -> None:
        pass

    @transition(field=status, source=InfoRequestStatus.OPEN, target=InfoRequestStatus.CANCELLED)
    def info_cancel(self) -> None:
        pass


class InfoRequestFile(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=document_upload_to)
    content_type = models.CharField(max_length=50)
    label = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label or str(self.code)
