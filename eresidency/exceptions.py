"""Errors the e-Residency services raise; each carries a message fit to show the person."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request that cannot be carried out; ``str(error)`` is a translated, user-facing message."""

    status = 400


class OpenApplicationExists(ApplicationError):
    status = 409

    def __init__(self, message: str, application: object = None) -> None:
        super().__init__(message)
        self.application = application


class NotEditable(ApplicationError):
    status = 409


class Incomplete(ApplicationError):
    pass


class RestrictedNationality(ApplicationError):
    status = 403


class WrongState(ApplicationError):
    status = 409


class AlreadyClaimed(ApplicationError):
    status = 409


class NotClaimant(ApplicationError):
    status = 409


class OwnApplication(ApplicationError):
    status = 403


class FourEyesRequired(ApplicationError):
    status = 409


class PaymentUnavailable(ApplicationError):
    status = 503


class StageNotRetryable(ApplicationError):
    status = 409


class SealingUnavailable(RuntimeError):
    """The trust service cannot seal right now; the letter task fails and is retried."""
