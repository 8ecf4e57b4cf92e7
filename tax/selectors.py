"""Reads of the tax board (rules, accounts, returns). Keyword-only, typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tax import register_link
from tax import rules as rulebook
from tax.calculator.dates import due_date, period_bounds
from tax.constants import ReturnKind, ReturnState, SignerRole, VatApplicationState
from tax.models import Mandate, TaxpayerAccount, TaxReturn, VatApplication
from tax.rules import NoRuleInForce, Parameter, PaymentType, RuleValue


def rule_value(name: str, *, on: date) -> RuleValue:
    """The value of tax parameter ``name`` in force on ``on`` (see ``tax.rules.value_of``)."""
    return rulebook.value_of(name, on)


def rules_digest() -> str:
    return rulebook.rules().digest


def rules_by_group() -> list[tuple[str, list[Parameter]]]:
    """Parameters grouped by the form they serve, in file order."""
    groups: dict[str, list[Parameter]] = {}
    for parameter in rulebook.rules().parameters.values():
        groups.setdefault(parameter.annex or "", []).append(parameter)
    return list(groups.items())


def payment_types() -> list[PaymentType]:
    return list(rulebook.rules().payment_types.values())


def vat_categories(*, on: date) -> list[dict[str, Any]]:
    out = []
    book = rulebook.rules()
    for category in book.vat_categories.values():
        value = None
        if category.rate:
            try:
                value = book.value_of(category.rate, on)
            except NoRuleInForce:
                value = None
        out.append({"code": category.code, "name": category.name, "rule": category.rate, "value": value})
    return out


# --- Accounts and access ---------------------------------------------------------------------


OFFICIAL_READERS = frozenset({"tax_officer", "auditor"})


@dataclass(frozen=True)
class Access:
    account: TaxpayerAccount
    role: str  # "board_member", "accountant" or "official"
    mandate: Mandate | None = None

    @property
    def can_file(self) -> bool:
        return self.role in (SignerRole.BOARD_MEMBER, SignerRole.ACCOUNTANT)

    @property
    def is_board_member(self) -> bool:
        return self.role == SignerRole.BOARD_MEMBER


def mandate_in_force(account: TaxpayerAccount, user: Any, *, on: date | None = None) -> Mandate | None:
    on = on or timezone.localdate()
    return (
        Mandate.objects.filter(
            account=account,
            accountant_id=getattr(user, "pk", None),
            state="active",
            valid_from__lte=on,
            valid_to__gte=on,
        )
        .order_by("-valid_to")
        .first()
    )


def get_account_for_user(user: Any, registry_code: str, *, write: bool = False) -> Access:
    """The account and the user's standing: a board member (from the register), an
    accountant with a mandate in force, or a tax officer or auditor (read only). Anyone
    else gets a 404, as if the account did not exist; an official asking to write a 403."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    account = TaxpayerAccount.objects.filter(registry_code=str(registry_code)).first()
    if account is None:
        raise Http404
    if register_link.board_member(account.registry_code, user) is not None:
        return Access(account, SignerRole.BOARD_MEMBER)
    mandate = mandate_in_force(account, user)
    if mandate is not None:
        return Access(account, SignerRole.ACCOUNTANT, mandate)
    if getattr(user, "role", "") in OFFICIAL_READERS:
        if write:
            raise PermissionDenied
        return Access(account, "official")
    raise Http404


def accounts_for_user(user: Any) -> list[dict[str, Any]]:
    """The accounts a user acts for: as a board member, or as an accountant."""
    codes = {c.registry_code: "board_member" for c in register_link.companies_represented_by(user)}
    today = timezone.localdate()
    for m in Mandate.objects.filter(
        accountant_id=getattr(user, "pk", None), state="active", valid_from__lte=today, valid_to__gte=today
    ).select_related("account"):
        codes.setdefault(m.account.registry_code, "accountant")
    accounts = TaxpayerAccount.objects.filter(registry_code__in=codes).order_by("name")
    return [{"account": a, "role": codes[a.registry_code]} for a in accounts]


def get_return_for_user(user: Any, code: Any) -> tuple[TaxReturn, Access]:
    import uuid

    try:
        code = uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None
    tax_return = TaxReturn.objects.filter(code=code).select_related("account").first()
    if tax_return is None or tax_return.state == ReturnState.DRAFT:
        raise Http404
    access = get_account_for_user(user, tax_return.account.registry_code)
    return tax_return, access


# --- Obligations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Obligation:
    kind: str
    period: str
    due_date: date
    status: str  # "filed", "filed_late", "due", "late", "open" (period not over)
    tax_return: TaxReturn | None = None

    @property
    def late(self) -> bool:
        return self.status in ("late", "filed_late")


def _periods(start: date, end: date) -> list[str]:
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def obligations(account: TaxpayerAccount, *, today: date | None = None, months: int = 12) -> list[Obligation]:
    """The company's returns over the last ``months`` months: TSD every month since
    registration once it has people on its list; KMD every month since VAT registration
    (nil returns too, fact sheet §3.4). Two queries whatever the number of returns."""
    today = today or timezone.localdate()
    start_limit = date(today.year - (months // 12), today.month, 1) if months >= 12 else today.replace(day=1)
    filed = {
        (r.kind, r.period): r
        for r in TaxReturn.objects.filter(account=account, state=ReturnState.SUBMITTED).order_by("period")
    }
    has_people = account.people.exists()
    out: list[Obligation] = []
    kinds = []
    registered = account.registered_on or account.opened_at.date()
    if has_people or any(k == ReturnKind.TSD for k, _p in filed):
        kinds.append((ReturnKind.TSD, "tsd_due_day", registered))
    if account.vat_registered_on:
        kinds.append((ReturnKind.KMD, "kmd_due_day", account.vat_registered_on))
    for kind, due_rule, since in kinds:
        for period in _periods(max(since.replace(day=1), start_limit), today):
            first, last = period_bounds(period)
            due_day = rulebook.value_of(due_rule, first).number
            assert due_day is not None  # due days are numbers in the rule files (schema-checked)
            due = due_date(due_day=int(due_day), period=period)
            r = filed.get((kind, period))
            if r is not None:
                status = "filed_late" if r.submitted_at and timezone.localdate(r.submitted_at) > due else "filed"
            elif last >= today:
                status = "open"
            elif due < today:
                status = "late"
            else:
                status = "due"
            out.append(Obligation(kind, period, due, status, r))
    out.sort(key=lambda o: (o.due_date, o.kind), reverse=True)
    return out


def return_deadlines(registry_code: str, *, today: date | None = None) -> list[dict[str, Any]]:
    """For the compliance calendar: each return's kind, period, due date and status."""
    account = TaxpayerAccount.objects.filter(registry_code=registry_code).first()
    if account is None:
        return []
    return [
        {"kind": o.kind, "period": o.period, "due_date": o.due_date, "status": o.status}
        for o in obligations(account, today=today)
    ]


def open_vat_application(account: TaxpayerAccount) -> VatApplication | None:
    return account.vat_applications.filter(state=VatApplicationState.SUBMITTED).first()


def vat_applications_waiting() -> list[VatApplication]:
    return list(
        VatApplication.objects.filter(state=VatApplicationState.SUBMITTED).select_related("account").order_by("due_by")
    )


def return_versions(account: TaxpayerAccount, kind: str, period: str) -> list[TaxReturn]:
    return list(
        TaxReturn.objects.filter(account=account, kind=kind, period=period)
        .exclude(state=ReturnState.DRAFT)
        .order_by("-version")
    )
