"""Names of the background jobs the payment services ask for (registered in tasks.py)."""

SETTLEMENT_HANDOFF_RETRY = "payments.settlement_handoff_retry"
RECEIPT_RENDER = "payments.receipt_render"
