from __future__ import annotations

from typing import Any


class ExchangeError(Exception):
    """A refusal the exchange explains: ``code`` is stable (an API problem type), ``reason``
    is for people."""

    status = 403

    def __init__(self, code: str, reason: Any = "", *, status: int | None = None, **details: Any) -> None:
        from exchange.constants import Refusal

        self.code = code
        self.reason = str(reason or Refusal(code).label if code in Refusal.values else reason)
        if status is not None:
            self.status = status
        self.details = details
        super().__init__(self.reason)


class QueryRefused(ExchangeError):
    """A cross-agency read was refused: no data was returned and nothing was logged as read."""


class AgreementError(ExchangeError):
    status = 400


class SealUnavailable(ExchangeError):
    """The provider agency cannot seal answers now: nothing is answered or logged."""

    status = 503
