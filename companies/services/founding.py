"""The founders' side of a founding application: data, parties, the document, signatures,
the state fee. The registrar's side is in ``review.py``, the background checks in ``checks.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from companies import constants, documents
from companies.constants import EDITABLE_STATES, Board, FoundingState, PartyKind
from companies.exceptions import InvalidData, NameUnavailable, NotAllowed, SigningRefused, WrongState
from companies.models import (
    ActivityCode,
    BoardMember,
    BusinessBan,
    Company,
    ContactProvider,
    Founder,
    FoundingApplication,
    ProposedBoardMember,
    Signature,
)
from companies.people import active_card_of, person_by_personal_code
from companies.search import check_name
from companies.workdays import tallinn_date

S = FoundingState
DATA_FIELDS = (
    "procedure",
    "email",
    "address_country",
    "address",
    "activity",
    "financial_year_end",
    "share_capital",
    "contact_provider",
    "contact_until",
)


def _lock(application: FoundingApplication) -> FoundingApplication:
    return FoundingApplication.objects.select_for_update().get(pk=application.pk)


def _require_party_or_filer(application: FoundingApplication, actor: Any) -> None:
    if application.created_by_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Only the person who started the application can change it."))


def _money(value: Any, field_name: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidData(_("Enter an amount in euros, such as 2500.00."), field=field_name)
    if amount != Decimal(str(value)):
        raise InvalidData(_("Use at most two decimals (cents)."), field=field_name)
    return amount


def _void_signatures(app: FoundingApplication, actor: Any, why: str) -> bool:
    """Data changed after someone signed: the signatures of the old version no longer count."""
    if app.state != S.AWAITING_SIGNATURES:
        return False
    now = timezone.now()
    voided = app.signatures.filter(voided_at__isnull=True).update(voided_at=now)
    app.signatures_voided_at = now
    app.document = ""
    app.save(update_fields=["signatures_voided_at", "document"])
    transition(app, "void_signatures", actor=actor, reason=why, data={"voided": voided})
    return True


def _editable(app: FoundingApplication, actor: Any) -> None:
    _require_party_or_filer(app, actor)
    if app.state not in EDITABLE_STATES:
        raise WrongState(_("The application can no longer be changed in its present state."))


# --- Start and data -------------------------------------------------------------------------


def founding_start(*, actor: Any, name: str) -> FoundingApplication:
    verdict = check_name(name, holder=actor)
    if not verdict.available:
        raise NameUnavailable(
            " ".join(verdict.problems or [c.name for c in verdict.conflicts]), field="name", verdict=verdict
        )
    app = FoundingApplication(created_by=actor, name=verdict.normalised, email=getattr(actor, "email", ""))
    app.set_keys()
    with transaction.atomic():
        app.save()
        journal_record(actor=actor, action="create", subject=app, to_state=app.state, data={"name": app.name})
    return app


@dataclass
class Saved:
    application: FoundingApplication
    voided: bool = False


def founding_update(*, application: FoundingApplication, actor: Any, data: dict[str, Any]) -> Saved:
    """Store the company's data; after a signature, this voids the signatures (and says so)."""
    with transaction.atomic():
        app = _lock(application)
        _editable(app, actor)
        if "name" in data and data["name"] and data["name"] != app.name:
            verdict = check_name(data["name"], holder=actor, exclude_application=app)
            if not verdict.available:
                raise NameUnavailable(
                    " ".join(
                        verdict.problems or [_("Conflicts with “%(n)s”.") % {"n": c.name} for c in verdict.conflicts]
                    ),
                    field="name",
                    verdict=verdict,
                )
            app.name = verdict.normalised
            app.set_keys()
        for name in DATA_FIELDS:
            if name in data:
                value = data[name]
                if name == "share_capital":
                    value = _money(value, name)
                setattr(
                    app,
                    name,
                    value if value is not None or name in ("activity", "contact_provider", "contact_until") else "",
                )
        if app.address_country == "EE":
            app.contact_provider, app.contact_until = None, None
        app.save()
        voided = _void_signatures(app, actor, "data changed after signing")
    return Saved(app, voided)


def _person_or_error(personal_code: str, field_name: str):
    person = person_by_personal_code(personal_code)
    if person is None:
        raise InvalidData(
            _("No e-resident has the personal identification code %(code)s. Check the 11 digits.")
            % {"code": personal_code},
            field=field_name,
        )
    if not person.active:
        raise InvalidData(
            _("%(name)s has no active digital ID, so they cannot sign the founding documents online.")
            % {"name": f"{person.given_names} {person.surname}"},
            field=field_name,
        )
    return person


def active_bans(personal_code: str, on=None) -> list[BusinessBan]:
    from django.db.models import Q

    on = on or tallinn_date()
    return list(
        BusinessBan.objects.filter(personal_code=personal_code, valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    )


def founder_add(
    *, application: FoundingApplication, actor: Any, nominal: Any, personal_code: str = "", registry_code: str = ""
) -> Saved:
    nominal_value = _money(nominal, "nominal")
    if nominal_value < constants.minimum_nominal():
        raise InvalidData(
            _("A share must be at least %(min)s euros.") % {"min": constants.minimum_nominal()}, field="nominal"
        )
    with transaction.atomic():
        app = _lock(application)
        _editable(app, actor)
        if registry_code:
            company = Company.objects.filter(registry_code=registry_code.strip(), status="registered").first()
            if company is None:
                raise InvalidData(
                    _("No registered company has the registry code %(code)s.") % {"code": registry_code},
                    field="registry_code",
                )
            if app.founders.filter(legal_person=company).exists():
                raise InvalidData(_("This company is already a founder."), field="registry_code")
            if not BoardMember.objects.filter(company=company, board="management", ends_on__isnull=True).exists():
                raise InvalidData(_("This company has no board member who could sign for it."), field="registry_code")
            Founder.objects.create(
                application=app,
                kind=PartyKind.LEGAL,
                legal_person=company,
                nominal=nominal_value,
                contribution_paid=True,
            )
        else:
            person = _person_or_error(personal_code, "personal_code")
            if app.founders.filter(personal_code=person.personal_code).exists():
                raise InvalidData(_("This person is already a founder."), field="personal_code")
            Founder.objects.create(
                application=app,
                kind=PartyKind.NATURAL,
                personal_code=person.personal_code,
                given_names=person.given_names,
                surname=person.surname,
                user=person.user,
                nominal=nominal_value,
                contribution_paid=True,
            )
        app.save(update_fields=[])
        voided = _void_signatures(app, actor, "founders changed after signing")
    return Saved(app, voided)


def founder_remove(*, application: FoundingApplication, actor: Any, founder_id: int) -> Saved:
    with transaction.atomic():
        app = _lock(application)
        _editable(app, actor)
        app.founders.filter(pk=founder_id).delete()
        voided = _void_signatures(app, actor, "founders changed after signing")
    return Saved(app, voided)


def board_member_add(
    *, application: FoundingApplication, actor: Any, personal_code: str, board: str = Board.MANAGEMENT
) -> Saved:
    person = _person_or_error(personal_code, "personal_code")
    bans = active_bans(person.personal_code)
    if bans and board == Board.MANAGEMENT:
        ban = bans[0]
        raise InvalidData(
            _("%(name)s is under a %(kind)s (%(ref)s) and cannot be a board member.")
            % {"name": f"{person.given_names} {person.surname}", "kind": ban.get_kind_display(), "ref": ban.reference},
            field="personal_code",
        )
    with transaction.atomic():
        app = _lock(application)
        _editable(app, actor)
        try:
            with transaction.atomic():
                ProposedBoardMember.objects.create(
                    application=app,
                    board=board,
                    personal_code=person.personal_code,
                    given_names=person.given_names,
                    surname=person.surname,
                    user=person.user,
                )
        except IntegrityError:
            raise InvalidData(_("This person is already on that board."), field="personal_code")
        voided = _void_signatures(app, actor, "board changed after signing")
    return Saved(app, voided)


def board_member_remove(*, application: FoundingApplication, actor: Any, member_id: int) -> Saved:
    with transaction.atomic():
        app = _lock(application)
        _editable(app, actor)
        app.board.filter(pk=member_id).delete()
        voided = _void_signatures(app, actor, "board changed after signing")
    return Saved(app, voided)


# --- What is missing ------------------------------------------------------------------------


def founding_problems(app: FoundingApplication) -> list[tuple[str, str]]:
    """(field, message) pairs that stop the application from going to signatures."""
    problems: list[tuple[str, str]] = []
    verdict = check_name(app.name, holder=app.created_by, exclude_application=app)
    for p in verdict.problems:
        problems.append(("name", p))
    for c in verdict.conflicts:
        problems.append(
            ("name", _("The name conflicts with “%(name)s” (%(reason)s).") % {"name": c.name, "reason": c.reason})
        )
    founders = list(app.founders.all())
    if not founders:
        problems.append(("founders", _("Add at least one founder.")))
    total = sum((f.nominal for f in founders), Decimal("0"))
    if app.share_capital < constants.minimum_capital():
        problems.append(
            (
                "share_capital",
                _("The share capital must be at least %(min)s euros.") % {"min": constants.minimum_capital()},
            )
        )
    elif founders and total != app.share_capital:
        problems.append(
            (
                "share_capital",
                _("The founders' shares add up to %(total)s euros but the share capital is %(capital)s euros.")
                % {"total": total, "capital": app.share_capital},
            )
        )
    if not app.board.filter(board=Board.MANAGEMENT).exists():
        problems.append(("board", _("Name at least one management board member (a natural person).")))
    for member in app.board.filter(board=Board.MANAGEMENT):
        for ban in active_bans(member.personal_code):
            problems.append(
                (
                    "board",
                    _("%(name)s is under a %(kind)s (%(ref)s).")
                    % {
                        "name": f"{member.given_names} {member.surname}",
                        "kind": ban.get_kind_display(),
                        "ref": ban.reference,
                    },
                )
            )
    if not app.email:
        problems.append(("email", _("Give the company's e-mail address.")))
    if not app.address:
        problems.append(("address", _("Give the company's address.")))
    if app.address_country != "EE":
        if app.contact_provider is None or not app.contact_provider.active:
            problems.append(
                (
                    "contact_provider",
                    _("With an address abroad, a contact person from the registrar's list is mandatory."),
                )
            )
        elif app.contact_until is None or app.contact_until <= tallinn_date():
            problems.append(("contact_until", _("Give the end of the contact person's term (a future date).")))
    if app.activity is None:
        problems.append(("activity", _("Choose the field of activity.")))
    fye = app.financial_year_end or ""
    try:
        month, day = (int(x) for x in fye.split("-"))
        from datetime import date

        date(2023, month, day)  # not a leap year: "02-29" is refused
    except (ValueError, TypeError):
        problems.append(("financial_year_end", _("Give the financial year end as MM-DD, e.g. 12-31.")))
    return problems


# --- Signatures -----------------------------------------------------------------------------


@dataclass
class Signer:
    personal_code: str
    name: str
    roles: list[str] = field(default_factory=list)
    user_id: int | None = None
    signed_at: Any = None


def required_signers(app: FoundingApplication) -> list[Signer]:
    """Every natural-person founder, a board member for each company founder, and every
    proposed board member; one signature per person covers all their roles."""
    signers: dict[str, Signer] = {}

    def add(code: str, name: str, role: str, user_id: int | None) -> None:
        signer = signers.setdefault(code, Signer(personal_code=code, name=name, user_id=user_id))
        signer.roles.append(role)
        signer.user_id = signer.user_id or user_id

    for founder in app.founders.select_related("legal_person"):
        if founder.kind == PartyKind.NATURAL:
            add(founder.personal_code, founder.display_name, _("founder"), founder.user_id)
        else:
            rep = (
                BoardMember.objects.filter(company=founder.legal_person, board="management", ends_on__isnull=True)
                .order_by("-represents_alone", "surname")
                .first()
            )
            if rep is not None:
                add(
                    rep.personal_code,
                    f"{rep.given_names} {rep.surname}",
                    _("for the founder %(company)s") % {"company": founder.legal_person.name},
                    rep.user_id,
                )
    for member in app.board.all():
        add(member.personal_code, f"{member.given_names} {member.surname}", member.get_board_display(), member.user_id)
    signed = {
        s.personal_code: s.signed_at
        for s in app.signatures.filter(document_version=app.document_version, voided_at__isnull=True)
    }
    for code, signer in signers.items():
        signer.signed_at = signed.get(code)
    return list(signers.values())


def founding_send_for_signatures(*, application: FoundingApplication, actor: Any) -> FoundingApplication:
    with transaction.atomic():
        app = _lock(application)
        _require_party_or_filer(app, actor)
        if app.state != S.DRAFT:
            raise WrongState(_("Only a draft can be sent for signatures."))
        problems = founding_problems(app)
        if problems:
            raise InvalidData(" ".join(m for _f, m in problems), field=problems[0][0])
        app.document_version += 1
        pdf = documents.render_founding_pdf(app)
        app.document.save(f"founding-{app.code}.pdf", ContentFile(pdf), save=False)
        app.save()
        transition(app, "send_for_signatures", actor=actor, data={"version": app.document_version})
        from companies.services.notify import invite_signers

        transaction.on_commit(lambda: invite_signers(app.pk))
    return app


def founding_sign(*, application: FoundingApplication, actor: Any, pin2: str) -> FoundingApplication:
    """Sign the current document with the actor's own digital ID (PAdES B-LT, an
    incremental update on top of the earlier signatures). Not inside a transaction: the
    trust services commit a wrong PIN try even when signing fails."""
    from digital_id.exceptions import DigitalIdError
    from digital_id.services import document_sign

    card = active_card_of(actor)
    if card is None:
        raise SigningRefused(
            _("You have no active digital ID, so you cannot sign. Collect or renew your digital ID first.")
        )
    code = card.personal_code.code
    app = FoundingApplication.objects.get(pk=application.pk)
    if app.state != S.AWAITING_SIGNATURES:
        raise WrongState(_("The document is not awaiting signatures."))
    signers = {s.personal_code: s for s in required_signers(app)}
    if code not in signers:
        raise SigningRefused(_("You are neither a founder nor a board member of this company, so you cannot sign."))
    if signers[code].signed_at:
        raise SigningRefused(_("You have already signed this version."))
    version = app.document_version
    with app.document.open("rb") as handle:
        current = handle.read()
    try:
        signed = document_sign(
            digital_id=card,
            actor=actor,
            pdf_bytes=current,
            pin2=pin2,
            reason=_("Founding of %(name)s") % {"name": app.name},
        )
    except DigitalIdError as error:
        raise SigningRefused(str(error)) from error
    from trust.validation import validate_pdf_bytes

    report = validate_pdf_bytes(signed, document_name=f"founding-{app.code}.pdf").to_dict()
    with transaction.atomic():
        app = _lock(application)
        if app.state != S.AWAITING_SIGNATURES or app.document_version != version:
            raise SigningRefused(
                _("The document changed while you were signing; open it again and sign the new version.")
            )
        with app.document.open("rb") as handle:
            if handle.read() != current:
                raise SigningRefused(_("Someone else signed at the same moment; please sign again."))
        old = app.document.name
        app.document.save(f"founding-{app.code}.pdf", ContentFile(signed), save=False)
        app.save(update_fields=["document"])
        storage = app.document.storage
        transaction.on_commit(lambda: storage.delete(old))
        try:
            with transaction.atomic():
                Signature.objects.create(
                    application=app,
                    personal_code=code,
                    signer_name=f"{card.given_names} {card.surname}",
                    user=actor,
                    document_version=version,
                    validation=report,
                )
        except IntegrityError:
            raise SigningRefused(_("You have already signed this version."))
        journal_record(actor=actor, action="sign", subject=app, data={"version": version, "personal_code": code})
        if all(s.signed_at for s in required_signers(app)):
            transition(app, "complete_signatures", actor=actor, reason="every party signed")
    return app


# --- The state fee --------------------------------------------------------------------------


def founding_checkout(*, application: FoundingApplication, actor: Any, return_url: str) -> str:
    from payments.services import payment_checkout_url, payment_create

    app = FoundingApplication.objects.get(pk=application.pk)
    _require_party_or_filer(app, actor)
    if app.state != S.AWAITING_PAYMENT:
        raise WrongState(_("The state fee is paid after every party has signed."))
    from payments.exceptions import PaymentError

    try:
        payment = payment_create(
            payer=actor,
            purpose=constants.PAYMENT_PURPOSE,
            reference=str(app.code),
            fee_code=constants.FEE_CODES[app.procedure],
            description=_("State fee: registration of %(name)s") % {"name": app.name},
            actor=actor,
        )
        return payment_checkout_url(payment=payment, return_url=return_url, cancel_url=return_url, actor=actor)
    except PaymentError as error:  # the payment service's own message, for the payer
        raise WrongState(str(error)) from error


def founding_settle_payment(payment: Any) -> None:
    """Settlement handler (payments.registry): the fee is paid, the application is submitted."""
    from companies.services.checks import checks_open
    from companies.workdays import add_working_days

    app = FoundingApplication.objects.select_for_update().filter(code=payment.reference).first()
    if app is None or app.state != S.AWAITING_PAYMENT:
        return  # already submitted (a duplicate webhook) or withdrawn
    today = tallinn_date()
    app.submitted_at = timezone.now()
    app.due_on = add_working_days(today, constants.procedure_working_days(app.procedure))
    app.save(update_fields=["submitted_at", "due_on"])
    transition(app, "submit", actor="payments", reason="state fee paid", data={"payment": str(payment.code)})
    checks_open(app)


def founding_withdraw(*, application: FoundingApplication, actor: Any, reason: str = "") -> FoundingApplication:
    with transaction.atomic():
        app = _lock(application)
        _require_party_or_filer(app, actor)
        from django_fsm import can_proceed

        if not can_proceed(app.withdraw):
            raise WrongState(_("The application can no longer be withdrawn."))
        transition(app, "withdraw", actor=actor, reason=reason or "withdrawn by the founder")
    return app


def contact_providers() -> list[ContactProvider]:
    return list(ContactProvider.objects.filter(active=True).order_by("name"))


def activity_codes() -> list[ActivityCode]:
    return list(ActivityCode.objects.filter(selectable=True).order_by("code"))
