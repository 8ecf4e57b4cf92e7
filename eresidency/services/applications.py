"""The applicant's side: draft, steps, submission, payment, withdrawal and answers."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from audit.types import ActorLike
from core import mrz
from eresidency import constants, events, jobs
from eresidency.constants import (
    CLOSED_STATES,
    FLAG_RESTRICTION_EXCEPTION,
    ExceptionKind,
    InfoRequestStatus,
    PickupKind,
    State,
    Step,
)
from eresidency.deadlines import add_days, age_on, days_between, decision_due, tallinn_date
from eresidency.exceptions import (
    Incomplete,
    NotEditable,
    OpenApplicationExists,
    PaymentUnavailable,
    RestrictedNationality,
    WrongState,
)
from eresidency.models import Application, InfoRequest, InfoRequestFile
from eresidency.photos import CleanDocument, CleanPhoto
from eresidency.selectors import restriction_for, steps_for
from eresidency.services.approvals import approvals_invalidate
from eresidency.services.notify import notify_applicant
from eresidency.services.review import info_requests_cancel

STEP_FIELDS = {
    Step.PERSONAL: [
        "given_names",
        "surname",
        "date_of_birth",
        "sex",
        "citizenship",
        "residence_country",
        "email",
        "phone",
    ],
    Step.ELIGIBILITY: ["exception_kind", "exception_details"],
    Step.DOCUMENT: ["document_type", "document_number", "document_country", "document_expiry", "mrz"],
    Step.PHOTO: [],
    Step.MOTIVATION: ["motivation_category", "motivation", "links"],
    Step.PICKUP: ["pickup_location"],
    Step.CONSENT: [],
}


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("applicant").get(pk=application.pk)


def _own(application: Application, actor: ActorLike) -> None:
    if application.applicant_id != getattr(actor, "pk", None):
        raise NotEditable(_("Only the applicant can change this application."))


def _replace_file(field_file: Any, name: str, content: bytes) -> None:
    old_name = field_file.name
    field_file.save(name, ContentFile(content), save=False)
    if old_name:
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def application_start(*, applicant: Any, actor: ActorLike) -> Application:
    """Open a draft; only one open application per person."""
    if open_app := Application.objects.filter(applicant=applicant).exclude(state__in=CLOSED_STATES).first():
        raise OpenApplicationExists(_("You already have an open application."), open_app)
    try:
        with transaction.atomic():
            application = Application.objects.create(applicant=applicant, email=applicant.email)
            journal_record(actor=actor, action=events.CREATED, subject=application, to_state=application.state)
    except IntegrityError:
        # Two starts at once: the partial unique index let only one through.
        existing = Application.objects.filter(applicant=applicant).exclude(state__in=CLOSED_STATES).first()
        raise OpenApplicationExists(_("You already have an open application."), existing)
    return application


def application_save_step(
    *, application: Application, step: str, data: dict[str, Any], actor: ActorLike
) -> Application:
    """Store one validated step of the form on the draft."""
    with transaction.atomic():
        app = _lock(application)
        _own(app, actor)
        if app.state != State.DRAFT:
            raise NotEditable(_("The application was already submitted and can no longer be changed."))
        for name in STEP_FIELDS[Step(step)]:
            if name in data:
                setattr(app, name, data[name] if data[name] is not None else "")
        if step == Step.PERSONAL:
            app.restriction = restriction_for(app.citizenship)
            if app.restriction is None:
                app.exception_kind, app.exception_details = "", ""
        elif step == Step.ELIGIBILITY:
            evidence: CleanDocument | None = data.get("exception_evidence")
            if evidence is not None:
                _replace_file(app.exception_evidence, "evidence" + evidence.extension, evidence.content)
        elif step == Step.PHOTO:
            photo: CleanPhoto | None = data.get("photo")
            if photo is not None:  # no new file: keep the photo there is
                _replace_file(app.photo, "photo.jpg", photo.content)
                app.photo_width, app.photo_height = photo.width, photo.height
            elif not app.photo:
                raise NotEditable(_("Upload your photo."))
        elif step == Step.MOTIVATION:
            cv: CleanDocument | None = data.get("cv")
            if cv is not None:
                _replace_file(app.cv, "cv.pdf", cv.content)
            elif data.get("remove_cv") and app.cv:
                old, storage = app.cv.name, app.cv.storage
                app.cv = ""
                transaction.on_commit(lambda: storage.delete(old))
        elif step == Step.CONSENT:
            # Confirming again keeps the time consent was first given.
            app.consent_at = (app.consent_at or timezone.now()) if data.get("consent") else None
        if step not in app.completed_steps:
            app.completed_steps = [*app.completed_steps, str(step)]
        app.save()
    return app


def application_problems(application: Application) -> list[str]:
    """What stops this draft from being submitted, in words for the applicant."""
    problems: list[str] = []
    today = tallinn_date()
    for step in steps_for(application):
        if step not in application.completed_steps:
            problems.append(_("Step “%(step)s” is not filled in.") % {"step": Step(step).label})
    if application.date_of_birth and age_on(application.date_of_birth, today) < constants.minimum_age():
        problems.append(_("You must be at least %(age)s years old to apply.") % {"age": constants.minimum_age()})
    if application.document_expiry and application.document_expiry <= today:
        problems.append(_("Your travel document has expired. Apply with a valid document."))
    if application.mrz:
        try:
            zone = mrz.parse(application.mrz)
            problems.extend(zone.errors)
            problems.extend(
                mrz.mismatches(
                    zone,
                    document_type=application.document_type,
                    document_number=application.document_number,
                    document_country=application.document_country,
                    citizenship=application.citizenship,
                    surname=application.surname,
                    given_names=application.given_names,
                    date_of_birth=application.date_of_birth,
                    sex=application.sex,
                    document_expiry=application.document_expiry,
                )
            )
        except mrz.MrzError as error:
            problems.append(str(error))
    if application.pickup_location is not None and not application.pickup_location.active:
        problems.append(_("The pick-up location you chose is no longer available. Choose another one."))
    if Step.PHOTO in application.completed_steps and not application.photo:
        problems.append(_("Upload your photo again."))
    if Step.CONSENT in application.completed_steps and not application.consent_at:
        problems.append(_("Give your consent to submit."))
    return problems


def restriction_message(application: Application) -> str:
    """Why a restricted applicant cannot apply, or '' if they can."""
    restriction = restriction_for(application.citizenship)
    if restriction is None:
        return ""
    if restriction.exceptions_allowed and application.exception_kind:
        return ""
    return _(
        "Applications from citizens of %(country)s are not accepted since %(date)s (%(law)s), unless one of the "
        "legal exceptions applies to you."
    ) % {
        "country": restriction.country_name,
        "date": restriction.valid_from.strftime("%d.%m.%Y"),
        "law": restriction.legal_reference,
    }


def _restriction_flags(application: Application) -> list[dict[str, str]]:
    if application.restriction_id and application.exception_kind:
        return [
            {
                "code": FLAG_RESTRICTION_EXCEPTION,
                "stage": "application",
                "message": _("Citizenship restriction: the applicant claims the exception “%(kind)s”.")
                % {"kind": ExceptionKind(application.exception_kind).label},
            }
        ]
    return []


def application_submit(*, application: Application, actor: ActorLike) -> Application:
    """Hand the draft in; it then waits for the state fee."""
    with transaction.atomic():
        app = _lock(application)
        _own(app, actor)
        if app.state != State.DRAFT:
            raise WrongState(_("This application was already submitted."))
        if message := restriction_message(app):
            raise RestrictedNationality(message)
        problems = application_problems(app)
        if problems:
            raise Incomplete(" ".join(problems))
        app.restriction = restriction_for(app.citizenship)
        flags = _restriction_flags(app)
        app.flags, app.flagged = flags, bool(flags)
        transition(app, "submit", actor=actor, at=timezone.now(), data={"flags": [f["code"] for f in flags]})
        notify_applicant(app, "submitted")
    return app


def fee_variant_for(application: Application) -> str:
    """Until 2024 pick-up at an embassy cost more (estonia-facts §1.3); the payments app
    falls back to the standard fee when the variant has no version in force."""
    location = application.pickup_location
    return "embassy" if location is not None and location.kind == PickupKind.EMBASSY else ""


def application_checkout(*, application: Application, actor: ActorLike, return_url: str, cancel_url: str) -> str:
    """Where to pay the state fee. Paying twice is impossible: one payment per application."""
    from payments import services as payment_services
    from payments.exceptions import PaymentError

    with transaction.atomic():
        app = _lock(application)
        _own(app, actor)
        if app.state != State.SUBMITTED:
            if app.state == State.DRAFT:
                raise WrongState(_("Submit the application first."))
            raise WrongState(_("The state fee for this application is already paid."))
        if message := restriction_message(app):
            raise RestrictedNationality(message)
        try:
            payment = payment_services.payment_create(
                payer=app.applicant,
                purpose=constants.PAYMENT_PURPOSE,
                reference=str(app.code),
                fee_code=constants.FEE_CODE,
                fee_variant=fee_variant_for(app),
                description=_("State fee for the e-resident's digital ID"),
                actor=actor,
            )
            return payment_services.payment_checkout_url(
                payment=payment, return_url=return_url, cancel_url=cancel_url, actor=actor
            )
        except PaymentError as error:
            raise PaymentUnavailable(str(error))


def application_settle_payment(payment: Any) -> None:
    """Settlement handler: runs inside the payment's settling transaction."""

    app = Application.objects.select_for_update().filter(code=payment.reference).first()
    if app is None:
        journal_record(
            actor="payments",
            action=events.PAYMENT_FOR_UNKNOWN_APPLICATION,
            subject=("eresidency.application", str(payment.reference)),
            data={"payment": str(getattr(payment, "code", ""))},
        )
        return
    payment_ref = {"payment": str(getattr(payment, "code", "") or getattr(payment, "pk", ""))}
    if app.state == State.SUBMITTED:
        paid_at = timezone.now()
        transition(app, "pay", actor="payments", data=payment_ref, at=paid_at, due=decision_due(tallinn_date(paid_at)))
        enqueue_job_on_commit(jobs.SCREENING_START, app.pk)
        notify_applicant(app, "paid")
    elif app.state == State.WITHDRAWN:
        # The fee arrived after the applicant withdrew: officials must see it to refund.
        journal_record(actor="payments", action=events.PAYMENT_AFTER_WITHDRAWAL, subject=app, data=payment_ref)
    else:
        journal_record(actor="payments", action=events.PAYMENT_REPEATED, subject=app, data=payment_ref)


def application_withdraw(*, application: Application, actor: ActorLike, reason: str = "") -> Application:
    with transaction.atomic():
        app = _lock(application)
        _own(app, actor)
        if app.state in CLOSED_STATES:
            raise WrongState(_("A decision has already been made; the application cannot be withdrawn."))
        transition(app, "withdraw", actor=actor, reason=reason, at=timezone.now())
        info_requests_cancel(app, actor=actor)
        notify_applicant(app, "withdrawn")
    return app


def info_request_answer(
    *, info_request: InfoRequest, actor: ActorLike, answer: str, files: list[tuple[CleanDocument, str]]
) -> InfoRequest:
    """The applicant answers; the decision clock runs again with the pause added to the term."""
    with transaction.atomic():
        app = _lock(info_request.application)
        _own(app, actor)
        info = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
        if info.status != InfoRequestStatus.OPEN or app.state != State.INFO_REQUESTED:
            raise WrongState(_("This request is closed; it can no longer be answered."))
        today = tallinn_date()
        if info.deadline < today:
            raise WrongState(_("The deadline for this request has passed."))
        for document, label in files:
            attachment = InfoRequestFile(
                request=info, content_type=document.content_type, label=label[:120], size=len(document.content)
            )
            attachment.file.save("answer" + document.extension, ContentFile(document.content), save=False)
            attachment.save()
        transition(
            info,
            "info_answer",
            actor=actor,
            data={"request": str(info.code), "files": len(files)},
            answer=answer,
            at=timezone.now(),
        )
        stopped = app.clock_stopped_on or today
        paused = days_between(stopped, today)
        due = add_days(app.decision_due, paused) if app.decision_due else None
        approvals_invalidate(app, actor=actor, because="information received")
        transition(
            app,
            "receive_info",
            actor=actor,
            data={"days_paused": paused, "request": str(info.code)},
            due=due,
            paused=paused,
        )
        notify_applicant(app, "info_answered")
    return info
