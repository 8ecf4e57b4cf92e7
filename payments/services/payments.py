"""Creating payments and sending the payer to checkout."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from audit.types import ActorLike
from payments import events
from payments.constants import OPEN_OR_PAID_STATUSES, SETTLED_STATUSES, FeeCode, PaymentStatus, Provider
from payments.exceptions import FeeNotFound, InvalidPaymentRequest, PaymentNotPayable
from payments.models import Fee, Payment
from payments.money import MAX_AMOUNT, to_money
from payments.providers import get_provider
from payments.selectors import fee_version, tallinn_today
from payments.services.state import lock_payment


def _open_or_paid(purpose: str, reference: str) -> Payment | None:
    return (
        Payment.objects.select_for_update()
        .filter(purpose=purpose, reference=reference, status__in=[s.value for s in OPEN_OR_PAID_STATUSES])
        .first()
    )


def payment_create(
    *,
    payer: Any,
    purpose: str,
    reference: str,
    fee_code: str | None,
    description: str,
    actor: ActorLike,
    fee_variant: str = "",
    amount: Decimal | str | None = None,
    provider: str | None = None,
) -> Payment:
    """A payment for ``purpose``/``reference``, charging fee ``fee_code`` as valid today
    (Tallinn date), or ``amount`` for payments that are not a fee (a tax prepayment).

    Idempotent: if an open or paid payment for the same purpose and reference exists, it is
    returned instead of a second one (a double-clicked "pay" makes one payment; the partial
    unique constraint makes that hold even for two requests at the same moment).
    """
    purpose = (purpose or "").strip()
    reference = str(reference or "").strip()
    description = (description or "").strip()
    if not purpose or len(purpose) > 64:
        raise InvalidPaymentRequest(_("A payment needs a purpose of at most 64 characters."))
    if not reference or len(reference) > 100:
        raise InvalidPaymentRequest(_("A payment needs a reference of at most 100 characters."))
    if not description or len(description) > 200:
        raise InvalidPaymentRequest(_("A payment needs a description of at most 200 characters."))
    if bool(fee_code) == (amount is not None):
        raise InvalidPaymentRequest(_("Give either a fee or an amount, not both."))
    if fee_code and fee_code not in FeeCode.values:
        raise InvalidPaymentRequest(_("Unknown fee."))
    provider = provider or settings.PAYMENTS_PROVIDER
    if provider not in Provider.values:
        raise InvalidPaymentRequest(_("Unknown payment provider."))
    value: Decimal | None = None
    if amount is not None:
        try:
            value = to_money(amount)
        except ValueError:
            raise InvalidPaymentRequest(_("Enter an amount in euros, such as 150.00."))
        if value <= 0 or value > MAX_AMOUNT:
            raise InvalidPaymentRequest(
                _("The amount must be more than zero and at most %(max)s euros.") % {"max": MAX_AMOUNT}
            )

    with transaction.atomic():
        existing = _open_or_paid(purpose, reference)
        if existing is not None:
            return existing
        today = tallinn_today()
        fee: Fee | None = None
        if fee_code:
            try:
                fee = fee_version(fee_code, on=today, variant=fee_variant)
            except FeeNotFound:
                raise FeeNotFound(_("This fee is not in force today; nothing can be charged for it."))
            value = fee.amount
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    payer=payer,
                    purpose=purpose,
                    reference=reference,
                    description=description,
                    fee=fee,
                    amount=value,
                    provider=provider,
                    created_on=today,
                )
        except IntegrityError:
            # A concurrent request created it between our look and our insert.
            existing = _open_or_paid(purpose, reference)
            if existing is None:
                raise
            return existing
        journal_record(
            actor=actor,
            action=events.CREATED,
            subject=payment,
            to_state=payment.status,
            data={
                "purpose": purpose,
                "reference": reference,
                "amount": str(payment.amount),
                "fee": f"{fee.code}:{fee.variant}:{fee.valid_from.isoformat()}" if fee else "",
                "provider": provider,
            },
        )
    return payment


def _checked_return_url(url: str) -> str:
    """Only our own pages: a path on this site, or an address under SITE_URL."""
    url = (url or "").strip()
    if not url:
        return ""
    site = settings.SITE_URL.rstrip("/")
    parts = urlsplit(url)
    if url.startswith("/") and not url.startswith("//") and not parts.scheme and not parts.netloc:
        return url[:500]
    if url == site or url.startswith(site + "/"):
        return url[:500]
    raise InvalidPaymentRequest(_("The return address must be a page of this site."))


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def payment_checkout_url(*, payment: Payment, return_url: str, cancel_url: str, actor: ActorLike = None) -> str:
    """Where to send the payer now: the provider's checkout (opened once per payment; a
    second call returns the same checkout), or our status page if it is already paid.

    The provider sends the payer back to our status page, which shows the state from our
    database (set only by the verified webhook) and then links on to ``return_url``.
    No row lock is held while the provider is called: two calls at once both ask the
    provider with the same idempotency key, and the first to record its session wins.
    """
    return_url = _checked_return_url(return_url)
    cancel_url = _checked_return_url(cancel_url)
    with transaction.atomic():
        payment = lock_payment(payment)
        detail = reverse("payments:detail", kwargs={"code": payment.code})
        if payment.status in SETTLED_STATUSES:
            return detail
        if payment.status not in {PaymentStatus.CREATED, PaymentStatus.PENDING}:
            raise PaymentNotPayable(_("This payment is closed. Start a new payment."))
        payment.return_url = return_url
        payment.cancel_url = cancel_url
        payment.save(update_fields=["return_url", "cancel_url", "updated_at"])
        if payment.status == PaymentStatus.PENDING and payment.checkout_url:
            return payment.checkout_url
    provider = get_provider(payment.provider)
    session = provider.create_checkout(
        payment=payment,
        success_url=_absolute(detail + "?returned=1"),
        cancel_url=_absolute(detail + "?cancelled=1"),
    )
    with transaction.atomic():
        payment = lock_payment(payment)
        if payment.status in SETTLED_STATUSES:
            return detail
        if payment.status == PaymentStatus.PENDING and payment.checkout_url:
            return payment.checkout_url  # a concurrent call recorded its checkout first
        if payment.status != PaymentStatus.CREATED:
            raise PaymentNotPayable(_("This payment is closed. Start a new payment."))
        payment.provider_session_id = session.session_id
        payment.checkout_url = session.url
        transition(
            payment,
            "start",
            actor=actor if actor is not None else payment.payer,
            reason=_("Checkout opened."),
            data={"provider": payment.provider, "session": session.session_id},
        )
    return session.url


def payment_attention_resolve(*, payment: Payment, note: str, actor: ActorLike) -> Payment:
    """An administrator has dealt with a flagged payment (e.g. refunded it at the provider)."""
    note = (note or "").strip()
    if not note:
        raise InvalidPaymentRequest(_("Say what was done."))
    with transaction.atomic():
        payment = lock_payment(payment)
        if not payment.needs_attention:
            return payment
        payment.needs_attention = False
        payment.save(update_fields=["needs_attention", "updated_at"])
        journal_record(
            actor=actor,
            action=events.ATTENTION_RESOLVED,
            subject=payment,
            from_state=payment.status,
            to_state=payment.status,
            reason=note[:2000],
        )
    return payment
