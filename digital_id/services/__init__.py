"""Writes of the digital ID (see each module). Import from here.

Ordering and the card's life:  digital_id_order, digital_id_manufacture, digital_id_register_arrival,
                               digital_id_hand_over (PresentedDocument), digital_id_suspend,
                               digital_id_resume, digital_id_revoke, revocation_request_create,
                               digital_ids_expire, digital_ids_expire_uncollected
Personal codes:                personal_code_allocate
Pick-up:                       pickup_slot_book, pickup_booking_cancel, pickup_slots_generate,
                               pickup_change_start, pickup_change_settle
Using the card:                digital_id_authenticate (login), pin_change, pin_unblock, document_sign
Public check:                  digital_id_public_check
Renewal:                       renewal_start, renewal_checkout, renewal_settle_payment, renewal_screen,
                               renewal_decide, renewal_withdraw, renewal_invitations_send
"""

from digital_id.services.codes import document_number_new, personal_code_allocate
from digital_id.services.common import PresentedDocument, travel_document_check
from digital_id.services.lifecycle import (
    HandOver,
    digital_id_hand_over,
    digital_id_manufacture,
    digital_id_order,
    digital_id_register_arrival,
    on_application_approved,
)
from digital_id.services.login import challenges_purge, digital_id_authenticate
from digital_id.services.pickup import (
    pickup_booking_cancel,
    pickup_change_settle,
    pickup_change_start,
    pickup_slot_book,
    pickup_slots_generate,
)
from digital_id.services.public import digital_id_public_check
from digital_id.services.renewal import (
    renewal_checkout,
    renewal_decide,
    renewal_invitations_send,
    renewal_screen,
    renewal_settle_payment,
    renewal_start,
    renewal_withdraw,
)
from digital_id.services.status import (
    digital_id_resume,
    digital_id_revoke,
    digital_id_suspend,
    digital_ids_expire,
    digital_ids_expire_uncollected,
    on_certificate_status_change,
    revocation_request_create,
)
from digital_id.services.usage import document_sign, pin_change, pin_unblock

__all__ = [
    "HandOver",
    "PresentedDocument",
    "challenges_purge",
    "digital_id_authenticate",
    "digital_id_hand_over",
    "digital_id_manufacture",
    "digital_id_order",
    "digital_id_public_check",
    "digital_id_register_arrival",
    "digital_id_resume",
    "digital_id_revoke",
    "digital_id_suspend",
    "digital_ids_expire",
    "digital_ids_expire_uncollected",
    "document_number_new",
    "document_sign",
    "on_application_approved",
    "on_certificate_status_change",
    "personal_code_allocate",
    "pickup_booking_cancel",
    "pickup_change_settle",
    "pickup_change_start",
    "pickup_slot_book",
    "pickup_slots_generate",
    "pin_change",
    "pin_unblock",
    "renewal_checkout",
    "renewal_decide",
    "renewal_invitations_send",
    "renewal_screen",
    "renewal_settle_payment",
    "renewal_start",
    "renewal_withdraw",
    "revocation_request_create",
    "travel_document_check",
]
