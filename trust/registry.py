"""Hooks through which higher layers hear about certificate status changes.

``trust`` knows nothing of the agencies; eresidency registers a handler at start-up (in its
``AppConfig.ready()``) to keep its DigitalId in step when a certificate is suspended, resumed
or revoked. Handlers run inside the transaction that changes the status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trust.models import Certificate

StatusHandler = Callable[["Certificate", str, Any], None]  # (certificate, transition name, actor)

_handlers: list[StatusHandler] = []


def register_status_handler(handler: StatusHandler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def unregister_status_handler(handler: StatusHandler) -> None:
    if handler in _handlers:
        _handlers.remove(handler)


def notify_status_change(certificate: Certificate, change: str, actor: Any) -> None:
    for handler in list(_handlers):
        handler(certificate, change, actor)
