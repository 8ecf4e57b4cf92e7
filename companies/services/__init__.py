"""Writes of the business register. Import from here.

Names:        name_reservation_create, name_reservation_extend, name_reservation_cancel,
              name_reservations_expire
Founding:     founding_start, founding_update, founder_add, founder_remove, board_member_add,
              board_member_remove, founding_problems, required_signers,
              founding_send_for_signatures, founding_sign, founding_checkout,
              founding_settle_payment, founding_withdraw
Checks:       checks_run, check_retry
Registrar:    founding_claim, founding_release, founding_rule_deficiencies,
              founding_answer_deficiencies, founding_refuse, founding_register,
              registry_code_allocate
"""

from companies.services.checks import check_retry, checks_run
from companies.services.founding import (
    board_member_add,
    board_member_remove,
    founder_add,
    founder_remove,
    founding_checkout,
    founding_problems,
    founding_send_for_signatures,
    founding_settle_payment,
    founding_sign,
    founding_start,
    founding_update,
    founding_withdraw,
    required_signers,
)
from companies.services.reservations import (
    name_reservation_cancel,
    name_reservation_create,
    name_reservation_extend,
    name_reservations_expire,
)
from companies.services.review import (
    founding_answer_deficiencies,
    founding_claim,
    founding_refuse,
    founding_register,
    founding_release,
    founding_rule_deficiencies,
    registry_code_allocate,
)

__all__ = [
    "board_member_add",
    "board_member_remove",
    "check_retry",
    "checks_run",
    "founder_add",
    "founder_remove",
    "founding_answer_deficiencies",
    "founding_checkout",
    "founding_claim",
    "founding_problems",
    "founding_refuse",
    "founding_register",
    "founding_release",
    "founding_rule_deficiencies",
    "founding_send_for_signatures",
    "founding_settle_payment",
    "founding_sign",
    "founding_start",
    "founding_update",
    "founding_withdraw",
    "name_reservation_cancel",
    "name_reservation_create",
    "name_reservation_extend",
    "name_reservations_expire",
    "registry_code_allocate",
    "required_signers",
]
