"""The registrar's work: claim and release, deficiency rulings, refusal, registration (the
registry code, the company's records, the sealed registry card, the tax board's hook)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.ee import ik, registrikood

from accounts.constants import Role
from audit.services import journal_record, transition
from audit.tasking import enqueue_job_on_commit
from companies import constants, documents, registry
from companies.constants import Board, FoundingState, PartyKind
from companies.exceptions import InvalidData, NameUnavailable, NotAllowed, WrongState
from companies.models import (
    BoardMember,
    Company,
    ContactAppointment,
    FoundingApplication,
    RegistryCodeCounter,
    Shareholder,
)
from companies.search import check_name
from companies.workdays import tallinn_date

S = FoundingState
FIRST_SERIAL = 600000  # codes 1600000x…; lower serials are left for imported registers


def _registrar(actor: Any) -> None:
    if getattr(actor, "role", None) != Role.REGISTRAR:
        raise NotAllowed(_("Only a registrar can do this."))


def _lock(application: FoundingApplication) -> FoundingApplication:
    return FoundingApplication.objects.select_for_update().get(pk=application.pk)


def _claimed_by_other(app: FoundingApplication, actor: Any) -> None:
    if app.claimed_by_id and app.claimed_by_id != actor.pk:
        raise NotAllowed(_("Another registrar has claimed this application."))


def founding_claim(*, application: FoundingApplication, actor: Any) -> FoundingApplication:
    _registrar(actor)
    with transaction.atomic():
        app = _lock(application)
        if app.state not in constants.QUEUE_STATES:
            raise WrongState(_("Only applications in the queue can be claimed."))
        _claimed_by_other(app, actor)
        if app.claimed_by_id != actor.pk:
            app.claimed_by = actor
            app.save(update_fields=["claimed_by"])
            journal_record(actor=actor, action="claim", subject=app)
    return app


def founding_release(*, application: FoundingApplication, actor: Any) -> FoundingApplication:
    _registrar(actor)
    with transaction.atomic():
        app = _lock(application)
        _claimed_by_other(app, actor)
        if app.claimed_by_id:
            app.claimed_by = None
            app.save(update_fields=["claimed_by"])
            journal_record(actor=actor, action="release", subject=app)
    return app


def founding_rule_deficiencies(
    *, application: FoundingApplication, actor: Any, text: str, deadline: date
) -> FoundingApplication:
    _registrar(actor)
    text = (text or "").strip()
    if not text:
        raise InvalidData(_("Say what must be corrected."), field="text")
    if deadline is None or deadline <= tallinn_date():
        raise InvalidData(_("The deadline must be a future date."), field="deadline")
    with transaction.atomic():
        app = _lock(application)
        _claimed_by_other(app, actor)
        app.deficiency_text, app.deficiency_deadline = text, deadline
        app.save(update_fields=["deficiency_text", "deficiency_deadline"])
        transition(app, "rule_deficiencies", actor=actor, reason=text, data={"deadline": deadline.isoformat()})
        from companies.services.notify import notify_founders

        transaction.on_commit(lambda: notify_founders(app, "deficiencies"))
    return app


def founding_answer_deficiencies(
    *, application: FoundingApplication, actor: Any, answer: str = ""
) -> FoundingApplication:
    with transaction.atomic():
        app = _lock(application)
        if app.created_by_id != getattr(actor, "pk", None):
            raise NotAllowed(_("Only the person who started the application can answer."))
        if app.state != S.DEFICIENCIES:
            raise WrongState(_("There are no deficiencies to answer."))
        transition(app, "answer_deficiencies", actor=actor, reason=(answer or "").strip()[:2000] or "corrected")
    return app


def founding_refuse(*, application: FoundingApplication, actor: Any, reason: str) -> FoundingApplication:
    _registrar(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidData(_("Give the reasons for the refusal."), field="reason")
    with transaction.atomic():
        app = _lock(application)
        _claimed_by_other(app, actor)
        if app.state not in (S.IN_REVIEW, S.DEFICIENCIES):
            raise WrongState(_("This application is not awaiting a decision."))
        app.decision_reason, app.decided_at = reason, timezone.now()
        app.save(update_fields=["decision_reason", "decided_at"])
        transition(app, "refuse", actor=actor, reason=reason)
        from companies.services.notify import notify_founders

        transaction.on_commit(lambda: notify_founders(app, "refused"))
    return app


# --- Registration ---------------------------------------------------------------------------


def registry_code_allocate() -> str:
    """The next free registry code: 8 digits, first digit 1 (a commercial company), check
    digit as python-stdnum's ee.registrikood computes it. The counter row is locked, so two
    registrations at once get different codes; the unique index is the last guard."""
    first = constants.registry_code_first_digit()
    counter = RegistryCodeCounter.objects.select_for_update().filter(first_digit=first).first()
    if counter is None:
        RegistryCodeCounter.objects.get_or_create(first_digit=first, defaults={"next_serial": FIRST_SERIAL})
        counter = RegistryCodeCounter.objects.select_for_update().get(first_digit=first)
    serial = counter.next_serial
    while True:
        base = f"{first}{serial:06d}"
        code = base + ik.calc_check_digit(base + "0")  # stdnum ignores the last digit given
        serial += 1
        if registrikood.is_valid(code) and not Company.objects.filter(registry_code=code).exists():
            break
    counter.next_serial = serial
    counter.save(update_fields=["next_serial"])
    return code


def _run_handlers(company: Company) -> None:
    from companies.selectors import company_info

    info = company_info(company)
    for fn in registry.company_registered_handlers():
        try:
            with transaction.atomic():
                fn(info)
        except Exception as error:  # the registration stands; a task retries the hand-off
            journal_record(
                actor="system",
                action="registered_handler_failed",
                subject=company,
                data={"handler": registry.handler_name(fn), "error": f"{type(error).__name__}: {error}"[:500]},
            )
            enqueue_job_on_commit("companies.registered_handler", company.registry_code, registry.handler_name(fn))


def company_registered_handler_retry(*, registry_code: str, handler: str) -> bool:
    from companies.selectors import company_by_registry_code

    fn = registry.handler_by_name(handler)
    info = company_by_registry_code(registry_code)
    if fn is None or info is None:
        return False
    with transaction.atomic():
        fn(info)
        journal_record(
            actor="task:registered_handler",
            action="registered_handler_done",
            subject=("companies.company", registry_code),
            data={"handler": handler},
        )
    return True


def card_render_and_seal(company: Company) -> bytes:
    from companies.selectors import card_context
    from trust.services import seal_pdf

    pdf = documents.render_card_pdf(company, card_context(company))
    return seal_pdf(pdf, seal="business_register", reason="Registrikaart / Registry card")


def founding_register(*, application: FoundingApplication, actor: Any) -> Company:
    """Enter the company in the register. A second click, or a second registrar at the same
    moment, finds the application registered (the row is locked) and is refused."""
    _registrar(actor)
    with transaction.atomic():
        app = _lock(application)
        _claimed_by_other(app, actor)
        if app.state != S.IN_REVIEW:
            raise WrongState(_("This application is not in review (it may have just been registered)."))
        verdict = check_name(app.name, holder=app.created_by, exclude_application=app)
        if not verdict.available:
            raise NameUnavailable(
                _("The name is no longer available: %(why)s")
                % {"why": "; ".join(verdict.problems + [f"{c.name} ({c.reason})" for c in verdict.conflicts])},
                verdict=verdict,
            )
        if not app.document:
            raise WrongState(_("The application has no signed founding document, so it cannot be registered."))
        today = tallinn_date()
        company = Company(
            registry_code=registry_code_allocate(),
            name=app.name,
            registered_on=today,
            email=app.email,
            address=app.contact_provider.address if app.contact_provider_id else app.address,
            address_country="EE" if app.contact_provider_id else app.address_country,
            share_capital=app.share_capital,
            financial_year_end=app.financial_year_end,
            activity=app.activity,
            founding_application=app,
        )
        company.set_keys()
        with app.document.open("rb") as handle:
            company.articles.save(f"articles-{company.registry_code}.pdf", ContentFile(handle.read()), save=False)
        company.save()
        for founder in app.founders.select_related("legal_person"):
            Shareholder.objects.create(
                company=company,
                kind=founder.kind,
                personal_code=founder.personal_code,
                given_names=founder.given_names,
                surname=founder.surname,
                legal_registry_code=founder.legal_person.registry_code if founder.kind == PartyKind.LEGAL else "",
                legal_name=founder.legal_person.name if founder.kind == PartyKind.LEGAL else "",
                nominal=founder.nominal,
            )
        for member in app.board.all():
            BoardMember.objects.create(
                company=company,
                board=member.board,
                personal_code=member.personal_code,
                given_names=member.given_names,
                surname=member.surname,
                user=member.user,
                represents_alone=member.board == Board.MANAGEMENT,
                starts_on=today,
            )
        if app.contact_provider_id:
            ContactAppointment.objects.create(
                company=company, provider=app.contact_provider, starts_on=today, ends_on=app.contact_until
            )
        app.decided_at = timezone.now()
        app.save(update_fields=["decided_at"])
        transition(app, "register", actor=actor, data={"registry_code": company.registry_code})
        journal_record(
            actor=actor,
            action="register",
            subject=company,
            to_state=company.status,
            data={"application": str(app.code)},
        )
        from companies.services.reservations import name_reservation_use

        name_reservation_use(holder=app.created_by, name_key=app.name_key, actor=actor)
        company.card_pdf.save(
            f"card-{company.registry_code}.pdf", ContentFile(card_render_and_seal(company)), save=False
        )
        company.save(update_fields=["card_pdf"])
        _run_handlers(company)
        from companies.services.notify import notify_founders

        transaction.on_commit(lambda: notify_founders(app, "registered"))
    return company
