"""Errors the screening service raises to its callers."""

from __future__ import annotations


class ScreeningError(Exception):
    """Base class of every screening error."""


class NoListLoaded(ScreeningError):
    """No sanctions list has a current version: nothing to screen against.

    Callers retry later or flag the case as needing attention; they never treat this as
    "clear".
    """


class UnknownListFormat(ScreeningError):
    """No loader is registered for the requested list format."""


class ListFormatError(ScreeningError):
    """The file does not follow the format it was loaded as (with the line, when known)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


class ListConflict(ScreeningError):
    """The list exists with another format than the one requested."""
