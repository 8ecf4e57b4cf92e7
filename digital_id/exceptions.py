"""Errors the digital ID services raise; ``str(error)`` is a translated message fit to show."""

from __future__ import annotations


class DigitalIdError(Exception):
    """A request that cannot be carried out."""

    status = 400


class WrongState(DigitalIdError):
    status = 409


class NotAllowed(DigitalIdError):
    status = 403


class TravelDocumentMismatch(DigitalIdError):
    """The travel document presented at pick-up is not the one in the application."""

    status = 409


class EnvelopeGone(DigitalIdError):
    """The PIN envelope was already handed out: its codes no longer exist anywhere."""

    status = 410


class SlotUnavailable(DigitalIdError):
    status = 409


class NoSerialLeft(DigitalIdError):
    """Every serial number for this birth date and sex is taken."""

    status = 503


class LoginRefused(DigitalIdError):
    """Login with the digital ID failed; the message says why and what to do."""

    status = 403


class SigningRefused(DigitalIdError):
    status = 403


class PinProblem(DigitalIdError):
    """A PIN or PUK operation failed; ``blocked`` says whether a code is now blocked."""

    def __init__(self, message: str, *, blocked: str = "") -> None:
        super().__init__(message)
        self.blocked = blocked


class ManufactureFailed(DigitalIdError):
    status = 503
