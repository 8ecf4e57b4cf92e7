"""Every read of the business register by the tax board goes through this module.

The register (``companies``) sits below the tax app; its public selectors are imported
inside each function so the tax app still starts while the register is being built, and
tests replace these functions with a fixture of fake companies.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def company(registry_code: str) -> Any | None:
    """The register's ``CompanyInfo`` for the code, or ``None``."""
    from companies import selectors

    return selectors.company_by_registry_code(registry_code)


def companies_represented_by(user: Any) -> list[Any]:
    """Companies on whose board the user sits (``CompanyInfo`` list)."""
    if not getattr(user, "is_authenticated", False):
        return []
    from companies import selectors

    return list(selectors.companies_represented_by(user=user))


def representatives(registry_code: str, *, on: date | None = None) -> list[Any]:
    """The company's board members (``Representative`` list) on the date (today if None)."""
    from companies import selectors

    return list(selectors.company_representatives(registry_code=registry_code, on=on))


def board_member(registry_code: str, user: Any, *, on: date | None = None) -> Any | None:
    """The user's ``Representative`` entry on the company's board, or ``None``."""
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return None
    for person in representatives(registry_code, on=on):
        if person.user_id == user_id:
            return person
    return None
