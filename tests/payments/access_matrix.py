"""Who may open the payments pages: (url name, kwargs factory or None, {persona: status}).

The payer (alice) sees her payment; another applicant (oscar) gets a 404 so its existence
is not revealed; officials may read the payments of their own agency's cases (auditors and administrators
all) but never pay for someone else;
the operations pages are for administrators. POST-only endpoints answer a GET with 405.
"""

from __future__ import annotations

import uuid

OFFICIALS = ("ivan", "pia", "rita", "tom", "aud", "ada")


def _payment(personas, *, paid: bool = False):
    from payments.services import local_checkout_act, payment_create

    alice = personas["alice"]
    payment = payment_create(
        payer=alice,
        purpose="matrix",
        reference=f"MATRIX-{uuid.uuid4().hex[:8]}",
        fee_code="eresidency_state_fee",
        description="e-Residency state fee",
        actor=alice,
        provider="local",
    )
    if paid:
        local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=alice)
    return payment


def _open_payment(personas):
    return {"code": _payment(personas).code}


def _paid_payment(personas):
    return {"code": _payment(personas, paid=True).code}


def _receipted_payment(personas):
    from payments.services import payment_receipt_store

    payment = _payment(personas, paid=True)
    payment_receipt_store(payment_code=str(payment.code))  # the receipt task's work; a GET never renders
    return {"code": payment.code}


def _any_code(personas):
    return {"code": uuid.uuid4()}


def _row(anon: int, alice: int, oscar: int, officials: int, **override: int) -> dict[str, int]:
    row = {"anon": anon, "alice": alice, "oscar": oscar} | dict.fromkeys(OFFICIALS, officials)
    return row | override


# The matrix purpose belongs to no agency: officials other than the oversight roles
# (auditor, administrator) get a 404, like any stranger.
_PAYER_PAGE = _row(302, 200, 404, 404, aud=200, ada=200)
_ADMIN_PAGE = _row(302, 403, 403, 403, ada=200)
_POST_ONLY = _row(405, 405, 405, 405)

MATRIX = [
    ("payments:mine", None, _row(302, 200, 200, 200)),
    ("payments:detail", _open_payment, _PAYER_PAGE),
    ("payments:status", _open_payment, _PAYER_PAGE),
    ("payments:receipt", _receipted_payment, _PAYER_PAGE),
    ("payments:pay", _open_payment, _POST_ONLY),
    ("payments:local_checkout", _open_payment, _row(302, 200, 404, 404)),
    ("payments:operations", None, _ADMIN_PAGE),
    ("payments:manage", _open_payment, _ADMIN_PAGE),
    ("payments:refund", _open_payment, _POST_ONLY),
    ("payments:resolve", _open_payment, _POST_ONLY),
    ("payments:handoff_retry", _any_code, _POST_ONLY),
    ("payment_hooks:stripe", None, _POST_ONLY),
]
