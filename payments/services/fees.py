"""Adding and closing fee versions. A fee is never edited in place: history stays true."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from audit.services import journal_record
from audit.types import ActorLike
from payments import events
from payments.constants import FeeCode, FeeVariant
from payments.exceptions import FeeNotFound, FeeOverlap, InvalidPaymentRequest
from payments.models import Fee, Payment
from payments.money import to_money


def _subject(fee: Fee) -> tuple[str, str]:
    return ("payments.fee", f"{fee.code}:{fee.variant or 'standard'}:{fee.valid_from.isoformat()}")


def _check_not_charged_after(fee: Fee, last_day: date) -> None:
    latest = Payment.objects.filter(fee=fee).aggregate(latest=Max("created_on"))["latest"]
    if latest is not None and latest > last_day:
        raise FeeOverlap(
            _("Payments already charged this version on %(day)s; it cannot end before that.")
            % {"day": latest.isoformat()}
        )


def fee_version_add(
    *,
    code: str,
    amount: Decimal | str,
    valid_from: date,
    legal_reference: str,
    actor: ActorLike,
    variant: str = "",
    valid_to: date | None = None,
    note: str = "",
    close_previous: bool = True,
) -> Fee:
    """Add a version of fee ``code`` from ``valid_from``. With ``close_previous`` the
    open-ended version before it is closed the day before; any other overlap is refused."""
    if code not in FeeCode.values:
        raise InvalidPaymentRequest(_("Unknown fee code %(code)r.") % {"code": code})
    if variant not in FeeVariant.values:
        raise InvalidPaymentRequest(_("Unknown fee variant %(variant)r.") % {"variant": variant})
    try:
        value = to_money(amount)
    except ValueError:
        raise InvalidPaymentRequest(_("Enter an amount in euros, such as 150.00."))
    if value <= 0:
        raise InvalidPaymentRequest(_("A fee must be more than zero."))
    if not (legal_reference or "").strip():
        raise InvalidPaymentRequest(_("Every fee version needs a legal reference."))
    if valid_to is not None and valid_to < valid_from:
        raise InvalidPaymentRequest(_("A fee version cannot end before it starts."))
    with transaction.atomic():
        versions = list(Fee.objects.select_for_update().filter(code=code, variant=variant).order_by("valid_from"))
        if close_previous:
            for previous in versions:
                if previous.valid_from < valid_from and (previous.valid_to is None or previous.valid_to >= valid_from):
                    last_day = valid_from - timedelta(days=1)
                    _check_not_charged_after(previous, last_day)
                    previous.valid_to = last_day
                    previous.save(update_fields=["valid_to"])
                    journal_record(
                        actor=actor,
                        action=events.FEE_VERSION_CLOSED,
                        subject=_subject(previous),
                        reason=_("Superseded from %(day)s.") % {"day": valid_from.isoformat()},
                        data={"valid_to": last_day},
                    )
        end = valid_to or date.max
        for other in versions:
            other_end = other.valid_to or date.max
            if other.valid_from <= end and valid_from <= other_end:
                raise FeeOverlap(
                    _("The new version overlaps the version valid from %(day)s.")
                    % {"day": other.valid_from.isoformat()}
                )
        fee = Fee.objects.create(
            code=code,
            variant=variant,
            amount=value,
            valid_from=valid_from,
            valid_to=valid_to,
            legal_reference=legal_reference.strip(),
            note=(note or "").strip(),
        )
        journal_record(
            actor=actor,
            action=events.FEE_VERSION_ADDED,
            subject=_subject(fee),
            reason=fee.legal_reference,
            data={"amount": str(value), "valid_from": valid_from, "valid_to": valid_to, "note": fee.note},
        )
    return fee


def fee_version_close(*, code: str, valid_to: date, actor: ActorLike, variant: str = "") -> Fee:
    """End the open-ended version of fee ``code`` on ``valid_to`` (inclusive)."""
    with transaction.atomic():
        fee = (
            Fee.objects.select_for_update()
            .filter(Q(valid_to__isnull=True), code=code, variant=variant)
            .order_by("-valid_from")
            .first()
        )
        if fee is None:
            raise FeeNotFound(_("No open-ended version of this fee to close."))
        if valid_to < fee.valid_from:
            raise InvalidPaymentRequest(_("A fee version cannot end before it starts."))
        _check_not_charged_after(fee, valid_to)
        fee.valid_to = valid_to
        fee.save(update_fields=["valid_to"])
        journal_record(
            actor=actor, action=events.FEE_VERSION_CLOSED, subject=_subject(fee), data={"valid_to": valid_to}
        )
    return fee
