"""Refusals the business register's services raise, each with a message for the person."""

from __future__ import annotations

from typing import Any


class CompaniesError(Exception):
    """Base: ``message`` says what is wrong; ``field`` names the input, when there is one."""

    code = "companies_error"

    def __init__(self, message: str, *, field: str = "", verdict: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.verdict = verdict

    def __str__(self) -> str:
        return self.message


class NameUnavailable(CompaniesError):
    code = "name_unavailable"


class ReservationRefused(CompaniesError):
    code = "reservation_refused"


class NotAllowed(CompaniesError):
    code = "not_allowed"


class WrongState(CompaniesError):
    code = "wrong_state"


class InvalidData(CompaniesError):
    code = "invalid_data"


class SigningRefused(CompaniesError):
    code = "signing_refused"


class ImportProblem(CompaniesError):
    code = "import_problem"
