"""The journal events of payments, named once, with the text an official reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.events import event

PAYMENT = "payments.payment"
HANDOFF = "payments.settlementhandoff"
REFUND = "payments.refund"
FEE = "payments.fee"
WEBHOOK = "payments.webhookevent"

# Transitions of a payment (journaled under the method's name).
STARTED = event(PAYMENT, "start", official=_("The payer was sent to pay."))
SUCCEEDED = event(PAYMENT, "succeed", official=_("The payment succeeded."))
FAILED = event(PAYMENT, "fail", official=_("The payment failed."))
EXPIRED = event(PAYMENT, "expire", official=_("The payment expired unpaid."))
REFUNDED_PARTIALLY = event(PAYMENT, "refund_partially", official=_("Part of the payment was refunded."))
REFUNDED = event(PAYMENT, "refund", official=_("The payment was refunded in full."))
# Acts on a payment.
CREATED = event(PAYMENT, "payment_created", official=_("The payment was created."))
PROCESSING = event(PAYMENT, "payment_processing", official=_("The provider reports the payment as processing."))
FLAGGED = event(PAYMENT, "payment_flagged", official=_("The payment needs an official's attention."))
ATTENTION_RESOLVED = event(
    PAYMENT, "payment_attention_resolved", official=_("An official resolved the payment's problem.")
)
RECEIPT_ISSUED = event(PAYMENT, "receipt_issued", official=_("The receipt was issued."))
REFUND_REQUESTED = event(PAYMENT, "refund_requested", official=_("An official asked for a refund."))
HANDED_OFF = event(
    PAYMENT, "settlement_handed_off", official=_("The settled payment was handed to the service paid for.")
)
HANDOFF_FAILED = event(
    PAYMENT,
    "settlement_handoff_failed",
    official=_("Handing the settled payment to the service failed; it is retried."),
)
HANDOFF_RETRY_REQUESTED = event(
    PAYMENT, "handoff_retry_requested", official=_("An official asked to hand the payment over again.")
)
# Hand-offs, refunds, fees and provider events.
HANDOFF_COMPLETED = event(HANDOFF, "complete", official=_("The hand-off was completed."))
HANDOFF_GAVE_UP = event(HANDOFF, "give_up", official=_("The hand-off gave up after its retries."))
HANDOFF_REOPENED = event(HANDOFF, "reopen", official=_("An official reopened the hand-off."))
REFUND_CONFIRMED = event(REFUND, "confirm", official=_("The provider confirmed the refund."))
REFUND_REJECTED = event(REFUND, "reject", official=_("The provider rejected the refund."))
FEE_VERSION_ADDED = event(FEE, "fee_version_added", official=_("A new version of the fee was added."))
FEE_VERSION_CLOSED = event(FEE, "fee_version_closed", official=_("A version of the fee was closed."))
PROVIDER_EVENT_UNMATCHED = event(
    WEBHOOK, "provider_event_unmatched", official=_("A provider event matched no payment.")
)
