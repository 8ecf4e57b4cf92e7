"""Errors the payments app raises; each carries a message fit to show a user."""

from __future__ import annotations


class PaymentError(Exception):
    """Base class: a payment operation was refused. ``str(error)`` is user-facing."""


class FeeNotFound(PaymentError, LookupError):
    """No version of the fee is valid on the requested date."""


class FeeOverlap(PaymentError):
    """A new fee version would overlap an existing one."""


class InvalidPaymentRequest(PaymentError, ValueError):
    """The caller asked for a payment with bad arguments."""


class PaymentNotPayable(PaymentError):
    """The payment is closed (failed, expired, refunded) or already paid."""


class ProviderUnavailable(PaymentError):
    """The provider is not configured or is disabled here (e.g. the local imitation)."""


class ProviderError(PaymentError):
    """The provider refused the request or could not be reached."""


class RefundRefused(PaymentError):
    """The refund is not possible (state, amount)."""


class MalformedEvent(PaymentError, ValueError):
    """A provider event is signed but does not have the shape we need."""


class ReceiptNotReady(PaymentError):
    """The receipt is being made and sealed in the background; ask again shortly."""
