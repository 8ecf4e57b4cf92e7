"""Hooks higher layers register at start-up (in their ``AppConfig.ready``).

The tax board sits above the business register and opens a taxpayer account for each new
company; the register cannot import it, so it announces each registration here.
"""

from __future__ import annotations

from collections.abc import Callable

from companies.records import CompanyInfo

CompanyRegisteredHandler = Callable[[CompanyInfo], None]

_handlers: list[CompanyRegisteredHandler] = []


def register_company_registered_handler(fn: CompanyRegisteredHandler) -> None:
    """Run ``fn(info)`` when a company is registered.

    It runs inside the registering transaction, in a savepoint: if it raises, its writes are
    rolled back, the registration stands, and a background task retries the handler (so it
    must be idempotent). Registering the same function twice has no effect.
    """
    if not callable(fn):
        raise ValueError("A company-registered handler must be callable.")
    if fn not in _handlers:
        _handlers.append(fn)


def unregister_company_registered_handler(fn: CompanyRegisteredHandler) -> None:
    """For tests."""
    if fn in _handlers:
        _handlers.remove(fn)


def company_registered_handlers() -> list[CompanyRegisteredHandler]:
    return list(_handlers)


def handler_name(fn: CompanyRegisteredHandler) -> str:
    return f"{fn.__module__}.{getattr(fn, '__qualname__', repr(fn))}"


def handler_by_name(name: str) -> CompanyRegisteredHandler | None:
    return next((fn for fn in _handlers if handler_name(fn) == name), None)
