"""Taxpayer accounts, the people a company pays, VAT registration and accountants' mandates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from tax import register_link
from tax.calculator.dates import add_working_days
from tax.constants import REGISTER_ACTOR, VatApplicationKind, VatApplicationState
from tax.exceptions import NotRepresented, TaxError
from tax.models import CompanyPerson, Mandate, TaxpayerAccount, VatApplication
from tax.numbers import personal_code_valid, prepayment_reference, registry_code_valid, vat_number_for
from tax.rules import value_of


def taxpayer_account_open(*, info: Any, actor: Any) -> TaxpayerAccount:
    """Open the taxpayer account of a registered company (idempotent: the existing account
    is returned if there is one, also when two calls race)."""
    code = str(info.registry_code)
    if not registry_code_valid(code):
        raise TaxError(_("%(code)s is not a valid registry code.") % {"code": code}, field="registry_code")
    existing = TaxpayerAccount.objects.filter(registry_code=code).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            account = TaxpayerAccount.objects.create(
                registry_code=code,
                name=info.name,
                registered_on=getattr(info, "registered_on", None),
                reference_number=prepayment_reference(code),
            )
            journal_record(
                actor=actor,
                action="taxpayer_account_opened",
                subject=account,
                data={"registry_code": code, "reference_number": account.reference_number},
            )
    except IntegrityError:
        return TaxpayerAccount.objects.get(registry_code=code)
    return account


def taxpayer_account_open_on_registration(info: Any) -> TaxpayerAccount:
    """The business register's hook: called in the registering transaction."""
    return taxpayer_account_open(info=info, actor=REGISTER_ACTOR)


def _require_board_member(account: TaxpayerAccount, actor: Any):
    member = register_link.board_member(account.registry_code, actor)
    if member is None:
        raise NotRepresented(_("Only a member of the company's board can do this."))
    return member


def person_add(
    *,
    account: TaxpayerAccount,
    actor: Any,
    given_names: str,
    surname: str,
    personal_code: str = "",
    foreign_id: str = "",
    country: str = "EE",
    tax_resident: bool = True,
    pension_rate: Decimal = Decimal("2"),
    basic_exemption: bool = False,
    board_member: bool = False,
) -> CompanyPerson:
    personal_code = (personal_code or "").strip()
    foreign_id = (foreign_id or "").strip()
    if personal_code and not personal_code_valid(personal_code):
        raise TaxError(
            _("%(code)s is not a valid Estonian personal identification code.") % {"code": personal_code},
            field="personal_code",
        )
    if not personal_code and not foreign_id:
        raise TaxError(_("Give an Estonian personal code, or a foreign identifier and country."), field="personal_code")
    if tax_resident and not personal_code:
        raise TaxError(_("A tax resident is declared with an Estonian personal code."), field="personal_code")
    choices = value_of("funded_pension_rates", timezone.localdate()).choices
    if Decimal(pension_rate) not in choices:
        raise TaxError(
            _("The funded pension rate is one of %(choices)s.") % {"choices": ", ".join(f"{c} %" for c in choices)},
            field="pension_rate",
        )
    try:
        with transaction.atomic():
            person = CompanyPerson.objects.create(
                account=account,
                given_names=given_names.strip(),
                surname=surname.strip(),
                personal_code=personal_code,
                foreign_id=foreign_id,
                country=(country or "EE").upper(),
                tax_resident=tax_resident,
                pension_rate=pension_rate,
                basic_exemption=basic_exemption,
                board_member=board_member,
            )
            journal_record(actor=actor, action="tax_person_added", subject=account, data={"person": str(person.code)})
    except IntegrityError:
        raise TaxError(_("This person is already on the company's list."), field="personal_code") from None
    return person


def board_members_sync(*, account: TaxpayerAccount, actor: Any) -> int:
    """Add the register's board members to the people paid (those not there yet)."""
    known = set(account.people.exclude(personal_code="").values_list("personal_code", flat=True))
    added = 0
    for member in register_link.representatives(account.registry_code):
        if member.personal_code in known or not personal_code_valid(member.personal_code):
            continue
        person_add(
            account=account,
            actor=actor,
            given_names=member.given_names,
            surname=member.surname,
            personal_code=member.personal_code,
            pension_rate=Decimal("0"),
            board_member=True,
        )
        added += 1
    return added


def vat_registration_apply(
    *,
    account: TaxpayerAccount,
    actor: Any,
    kind: str,
    threshold_passed_on: date | None = None,
    supplies_to_date: Decimal | None = None,
) -> VatApplication:
    """Apply for VAT registration. Mandatory once taxable supplies since 1 January pass the
    threshold: the application is due within the rule's working days of that date
    (Value Added Tax Act § 19–20; fact sheet §3.4)."""
    _require_board_member(account, actor)
    if account.vat_registered:
        raise TaxError(_("The company is already registered for VAT (%(n)s).") % {"n": account.vat_number})
    due_by = None
    today = timezone.localdate()
    if kind == VatApplicationKind.MANDATORY:
        if threshold_passed_on is None or supplies_to_date is None:
            raise TaxError(
                _("Give the date the threshold was passed and the supplies to that date."), field="threshold_passed_on"
            )
        if threshold_passed_on > today:
            raise TaxError(_("The date cannot be in the future."), field="threshold_passed_on")
        threshold = value_of("vat_registration_threshold", threshold_passed_on)
        if supplies_to_date <= threshold.number:
            raise TaxError(
                _(
                    "Registration is mandatory only above €%(n)s of taxable supplies since 1 January; apply voluntarily instead."
                )
                % {"n": threshold.raw},
                field="supplies_to_date",
            )
        days = value_of("vat_registration_deadline_working_days", threshold_passed_on)
        due_by = add_working_days(threshold_passed_on, int(days.number))
    elif kind != VatApplicationKind.VOLUNTARY:
        raise TaxError(_("Choose mandatory or voluntary registration."), field="kind")
    try:
        with transaction.atomic():
            application = VatApplication.objects.create(
                account=account,
                kind=kind,
                threshold_passed_on=threshold_passed_on if kind == VatApplicationKind.MANDATORY else None,
                supplies_to_date=supplies_to_date if kind == VatApplicationKind.MANDATORY else None,
                due_by=due_by,
                applied_by=actor,
            )
            journal_record(
                actor=actor,
                action="vat_application_submitted",
                subject=application,
                to_state=VatApplicationState.SUBMITTED,
                data={"kind": kind, "due_by": due_by.isoformat() if due_by else None, "company": account.registry_code},
            )
    except IntegrityError:
        raise TaxError(_("An application is already waiting for a decision.")) from None
    return application


def vat_registration_decide(
    *, application: VatApplication, actor: Any, approve: bool, reason: str = ""
) -> VatApplication:
    """A tax officer registers the company (a new VAT number) or refuses, with a reason."""
    with transaction.atomic():
        application = VatApplication.objects.select_for_update().get(pk=application.pk)
        account = TaxpayerAccount.objects.select_for_update().get(pk=application.account_id)
        now = timezone.now()
        if approve:
            transition(application, "approve", actor=actor, reason=reason, decided_at=now)
            account.vat_number = vat_number_for(account.pk)
            account.vat_registered_on = timezone.localdate()
            account.save(update_fields=["vat_number", "vat_registered_on"])
            journal_record(
                actor=actor, action="vat_number_issued", subject=account, data={"vat_number": account.vat_number}
            )
        else:
            if not reason.strip():
                raise TaxError(_("Give the reason for the refusal."), field="reason")
            transition(application, "refuse", actor=actor, reason=reason, decided_at=now)
    return application


def mandate_grant(
    *, account: TaxpayerAccount, actor: Any, accountant_email: str, valid_from: date, valid_to: date
) -> Mandate:
    """A board member authorises an accountant (a user of this service) to sign and file the
    company's returns from ``valid_from`` to ``valid_to``."""
    _require_board_member(account, actor)
    if valid_to < valid_from:
        raise TaxError(_("The mandate must end on or after its first day."), field="valid_to")
    if valid_to < timezone.localdate():
        raise TaxError(_("The mandate would already have ended."), field="valid_to")
    accountant = get_user_model().objects.filter(email__iexact=(accountant_email or "").strip()).first()
    if accountant is None:
        raise TaxError(_("No user of this service has that e-mail address."), field="accountant_email")
    if accountant.pk == actor.pk:
        raise TaxError(_("Board members file without a mandate."), field="accountant_email")
    with transaction.atomic():
        mandate = Mandate.objects.create(
            account=account, accountant=accountant, valid_from=valid_from, valid_to=valid_to, granted_by=actor
        )
        journal_record(
            actor=actor,
            action="mandate_granted",
            subject=mandate,
            to_state=mandate.state,
            data={
                "company": account.registry_code,
                "accountant": accountant.email,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat(),
            },
        )
    return mandate


def mandate_revoke(*, mandate: Mandate, actor: Any, reason: str = "") -> Mandate:
    _require_board_member(mandate.account, actor)
    with transaction.atomic():
        mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
        transition(mandate, "revoke", actor=actor, reason=reason, revoked_at=timezone.now())
    return mandate
