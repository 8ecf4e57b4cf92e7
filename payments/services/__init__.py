"""Writes of the payments app. Other apps use only the names exported here.

Split by concern: ``payments`` (create, checkout), ``events`` (the one settlement path for
provider events, Stripe's and the local imitation's), ``settlement`` (hand-offs to the
purpose handlers), ``refunds``, ``receipts``, ``fees`` and ``reconcile``.
"""

from payments.services.events import EventResult, local_checkout_act, provider_event_receive
from payments.services.fees import fee_version_add, fee_version_close
from payments.services.payments import payment_attention_resolve, payment_checkout_url, payment_create
from payments.services.receipts import payment_receipt_pdf, payment_receipt_store
from payments.services.reconcile import Difference, reconcile_payments
from payments.services.refunds import payment_refund
from payments.services.settlement import settlement_handoff_reopen, settlement_handoff_retry

__all__ = [
    "Difference",
    "EventResult",
    "fee_version_add",
    "fee_version_close",
    "local_checkout_act",
    "payment_attention_resolve",
    "payment_checkout_url",
    "payment_create",
    "payment_receipt_pdf",
    "payment_receipt_store",
    "payment_refund",
    "provider_event_receive",
    "reconcile_payments",
    "settlement_handoff_reopen",
    "settlement_handoff_retry",
]
