"""A fixture of fake companies standing in for the business register.

The register (``companies/``) is being built at the same time as the tax board and is not
in this branch, so the tax tests replace the functions of ``tax/register_link.py`` (the
one module through which the tax board reads the register) with these. Codes the fake
does not know are passed on to the real functions, so installing it cannot hide a real
company. The coordinator adds an end-to-end test with the real register after merging.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tax import register_link

COMPANY_CODE = "12345678"  # valid under stdnum.ee.registrikood (fact sheet §2.7)
OTHER_CODE = "10000356"
ALICE_CODE = "49403136526"  # Alice's Estonian personal code as an e-resident


@dataclass(frozen=True)
class CompanyInfo:
    registry_code: str
    name: str
    status: str
    registered_on: date
    email: str
    address: str
    financial_year_end: str


@dataclass(frozen=True)
class Representative:
    personal_code: str
    given_names: str
    surname: str
    role: str
    represents_alone: bool
    user_id: int | None


COMPANIES: dict[str, CompanyInfo] = {}
BOARDS: dict[str, list[Representative]] = {}
_ORIGINAL = {
    "company": register_link.company,
    "companies_represented_by": register_link.companies_represented_by,
    "representatives": register_link.representatives,
}


def add_company(code: str, name: str, *, board: list[tuple], registered_on: date = date(2024, 9, 2)) -> CompanyInfo:
    info = CompanyInfo(code, name, "registered", registered_on, "info@example.test", "Tallinn", "12-31")
    COMPANIES[code] = info
    BOARDS[code] = [
        Representative(pc, given, surname, "board_member", True, getattr(user, "pk", None))
        for pc, given, surname, user in board
    ]
    return info


def _company(registry_code):
    if registry_code in COMPANIES:
        return COMPANIES[registry_code]
    try:
        return _ORIGINAL["company"](registry_code)
    except ImportError:
        return None


def _companies_represented_by(user):
    mine = [COMPANIES[c] for c, board in BOARDS.items() if any(r.user_id == getattr(user, "pk", None) for r in board)]
    try:
        return mine + _ORIGINAL["companies_represented_by"](user)
    except ImportError:
        return mine


def _representatives(registry_code, *, on=None):
    if registry_code in BOARDS:
        return list(BOARDS[registry_code])
    try:
        return _ORIGINAL["representatives"](registry_code, on=on)
    except ImportError:
        return []


def install() -> None:
    register_link.company = _company
    register_link.companies_represented_by = _companies_represented_by
    register_link.representatives = _representatives


def reset() -> None:
    COMPANIES.clear()
    BOARDS.clear()
