"""Writes of the business register. Import from here.

Names:        name_reservation_create, name_reservation_extend, name_reservation_cancel,
              name_reservations_expire
"""

from companies.services.reservations import (
    name_reservation_cancel,
    name_reservation_create,
    name_reservation_extend,
    name_reservations_expire,
)

__all__ = [
    "name_reservation_cancel",
    "name_reservation_create",
    "name_reservation_extend",
    "name_reservations_expire",
]
