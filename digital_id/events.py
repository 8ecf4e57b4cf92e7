"""The journal events of a digital ID and of its renewals, named once.

Each event owns the text an official reads (third person); the card's own moves are
journaled under their transition's name (``audit.services.transition``), the other acts
name one of these events. The officials' card pages read their words from here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.events import event

CARD = "digital_id.digitalid"
RENEWAL = "digital_id.renewal"
PICKUP_CHANGE = "digital_id.pickupchange"

# --- The card's transitions ----------------------------------------------------------------

ORDERED = event(CARD, "order", official=_("The card was ordered."))
MANUFACTURED = event(
    CARD, "manufacture", official=_("The card was made; its certificates are on hold until hand-over.")
)
DELIVERED = event(CARD, "deliver", official=_("The card arrived at the pick-up point."))
TRANSFERRED = event(CARD, "transfer", official=_("The card left for another pick-up point."))
HANDED_OVER = event(
    CARD, "hand_over", official=_("The pick-up official handed the card over after checking the travel document.")
)
SUSPENDED = event(CARD, "suspend", official=_("The card was suspended."))
RESUMED = event(
    CARD, "resume", official=_("The pick-up official resumed the card after checking the holder's identity.")
)
REVOKED = event(CARD, "revoke", official=_("The card was revoked."))
EXPIRED = event(CARD, "expire", official=_("The card expired."))

# --- Changes of pick-up point and revocation requests (journaled under the card) ------------

PICKUP_CHANGE_REQUESTED = event(
    CARD, "pickup_change_requested", official=_("The holder asked to move the card to another pick-up point.")
)
PICKUP_CHANGE_REPLACED = event(
    CARD, "pickup_change_replaced", official=_("An unpaid change of pick-up point was replaced by a new choice.")
)
PICKUP_LOCATION_CHANGED = event(
    CARD, "pickup_location_changed", official=_("The change of pick-up point was paid and carried out.")
)
PICKUP_CHANGE_PAID_TOO_LATE = event(
    CARD,
    "pickup_change_paid_too_late",
    official=_("A change of pick-up point was paid after the card could no longer move; refund the fee."),
)
PAYMENT_FOR_UNKNOWN_PICKUP_CHANGE = event(
    PICKUP_CHANGE,
    "payment_for_unknown_pickup_change",
    official=_("A payment named a change of pick-up point that does not exist."),
)
REVOCATION_REQUESTED = event(CARD, "revocation_requested", official=_("The holder asked for the card to be revoked."))
REVOCATION_REQUEST_DONE = event(
    CARD, "revocation_request_done", official=_("The holder's request for revocation was carried out.")
)

# --- Other acts on the card -------------------------------------------------------------------

PICKUP_BOOKED = event(CARD, "pickup_booked", official=_("The holder booked a pick-up appointment."))
PICKUP_BOOKING_CANCELLED = event(CARD, "pickup_booking_cancelled", official=_("The pick-up appointment was cancelled."))
PIN_ENVELOPE_HANDED_OUT = event(CARD, "pin_envelope_handed_out", official=_("The PIN envelope was handed out."))
LOGIN_BAD_SIGNATURE = event(
    CARD, "id_login_bad_signature", official=_("A sign-in with the card failed: the signature did not verify.")
)
LOGIN_OCSP_FAILED = event(
    CARD, "id_login_ocsp_failed", official=_("A sign-in with the card failed: the certificate status was unavailable.")
)
RENEWAL_INVITED = event(CARD, "renewal_invited", official=_("The holder was invited to renew the card."))

# --- Renewals ---------------------------------------------------------------------------------

RENEWAL_CREATED = event(RENEWAL, "create", official=_("The holder started a renewal."))
RENEWAL_PAID = event(RENEWAL, "pay", official=_("The state fee for the renewal was paid."))
RENEWAL_CLEARED = event(RENEWAL, "clear", official=_("The renewal's check found nothing; it was approved."))
RENEWAL_FLAGGED = event(
    RENEWAL, "flag", official=_("The renewal's check found possible matches; an official reviews it.")
)
RENEWAL_APPROVED = event(RENEWAL, "approve", official=_("The official approved the renewal."))
RENEWAL_REFUSED = event(RENEWAL, "refuse", official=_("The official refused the renewal."))
RENEWAL_WITHDRAWN = event(RENEWAL, "withdraw", official=_("The holder withdrew the renewal."))
RENEWAL_PAYMENT_REPEATED = event(
    RENEWAL, "payment_repeated", official=_("The payment service reported the payment again (no change).")
)
PAYMENT_FOR_UNKNOWN_RENEWAL = event(
    RENEWAL, "payment_for_unknown_renewal", official=_("A payment named a renewal that does not exist.")
)
