"""Hooks that higher layers register at start-up (in their ``AppConfig.ready``).

payments sits below the agencies and beside trust, so it cannot import them: the
e-Residency app tells us what to do when its state fee is paid, and whoever owns the
seals tells us how to seal a receipt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from payments.models import Payment

SettlementHandler = Callable[["Payment"], None]
ReceiptSealer = Callable[[bytes], bytes]

_settlement_handlers: dict[str, SettlementHandler] = {}
_reader_roles: dict[str, frozenset[str]] = {}
_receipt_sealer: list[ReceiptSealer] = []


def register_settlement_handler(purpose: str, handler: SettlementHandler) -> None:
    """Run ``handler(payment)`` when a payment for ``purpose`` is paid.

    It runs inside the settling transaction, in a savepoint: if it raises, its writes are
    rolled back, the payment stays paid and a background task retries it (so it must be
    idempotent: it may run again after a partial failure). ``payment.reference`` names the
    thing paid for. Registering the same purpose again replaces the handler.
    """
    if not purpose or not callable(handler):
        raise ValueError("A settlement handler needs a purpose and a callable.")
    _settlement_handlers[purpose] = handler


def settlement_handler_for(purpose: str) -> SettlementHandler | None:
    return _settlement_handlers.get(purpose)


def unregister_settlement_handler(purpose: str) -> None:
    """For tests."""
    _settlement_handlers.pop(purpose, None)


def register_receipt_sealer(sealer: ReceiptSealer | None) -> None:
    """``sealer(pdf_bytes) -> sealed_pdf_bytes`` seals every receipt; ``None`` removes it."""
    _receipt_sealer.clear()
    if sealer is not None:
        if not callable(sealer):
            raise ValueError("A receipt sealer must be callable.")
        _receipt_sealer.append(sealer)


def receipt_sealer() -> ReceiptSealer | None:
    return _receipt_sealer[0] if _receipt_sealer else None


def register_payment_readers(purpose: str, roles: Iterable[str]) -> None:
    """The official roles of the agency whose cases ``purpose``'s payments belong to: only
    they (besides the payer and the oversight roles) may read those payments."""
    if not purpose:
        raise ValueError("Payment readers need a purpose.")
    _reader_roles[purpose] = frozenset(str(role) for role in roles)


def payment_reader_roles(purpose: str) -> frozenset[str]:
    return _reader_roles.get(purpose, frozenset())
