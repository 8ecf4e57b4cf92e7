"""Hooks through which the apps above e-Residency hear of its decisions.

The digital ID app sits above this one: e-Residency never imports it. At start-up it
registers what an approval means for it ("application approved → order a card").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eresidency.exceptions import ApplicationError

ApprovalHandler = Callable[..., Any]

_approval_handlers: list[ApprovalHandler] = []


class ApprovalRefused(ApplicationError):
    """Raised by an approval handler: the approval must not stand; ``str()`` says why."""

    status = 409


def register_approval_handler(handler: ApprovalHandler) -> None:
    """``handler(application=, actor=)`` runs inside the approving transaction, after the
    approval's transition; raising ``ApprovalRefused`` rolls the approval back."""
    if handler not in _approval_handlers:
        _approval_handlers.append(handler)


def approval_handlers() -> tuple[ApprovalHandler, ...]:
    return tuple(_approval_handlers)
