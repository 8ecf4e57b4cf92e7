"""Filing TSD and KMD: compute with the calculator, render to PDF/A with the canonical JSON
attached, sign with the filer's digital ID (PIN2), store an immutable snapshot, supersede
the earlier version, and have the tax board seal a receipt."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import transition
from audit.tasking import enqueue_job_on_commit
from tax.calculator import CalcInputError, calculate
from tax.constants import ReturnState, SignerRole
from tax.exceptions import NotRepresented, TaxError
from tax.models import TaxpayerAccount, TaxReturn


def canonical_json(data: Any) -> bytes:
    """The canonical form a filed return is hashed and embedded in: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def return_compute(*, data: Any) -> dict[str, Any]:
    """The calculator's answer, or ``TaxError`` carrying every field error."""
    try:
        return calculate(data)
    except CalcInputError as exc:
        raise TaxError(exc.errors[0]["message"], errors=exc.errors) from None


def render_return_pdf(*, account: TaxpayerAccount, data: dict, result: dict, version: int, filer: Any) -> bytes:
    """The return as PDF/A-3b with its canonical JSON (request, result and rules) attached."""
    from weasyprint import HTML, Attachment

    document = {"company": account.registry_code, "request": data, "result": result, "version": version}
    html = render_to_string(
        "tax/documents/return.html",
        {
            "account": account,
            "result": result,
            "version": version,
            "filer": filer,
            "generated_at": timezone.localtime(),
            "sha256": hashlib.sha256(canonical_json(document)).hexdigest(),
        },
    )
    attachment = Attachment(
        string=canonical_json(document).decode("utf-8"),
        name=f"{result['kind']}-{result['period']}-{account.registry_code}.json",
        description="Canonical JSON of the return (request, computed result, rules used)",
        relationship="Data",
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/a-3b", attachments=[attachment]
    )


def _filer_role(access) -> str:
    if not access.can_file:
        raise NotRepresented(_("Only a board member or an accountant the board has authorised can file returns."))
    return access.role


def tax_return_file(*, access, actor: Any, data: Any, source: str, pin2: str) -> TaxReturn:
    """Compute, render, sign with the actor's digital ID and file the return.

    Filing the same lines again while they are the version in force returns that version
    (a double click files once); different lines for the same company, kind and period
    make an amendment that supersedes the earlier version, which is kept.
    """
    from digital_id import selectors as digital_id_selectors
    from digital_id import services as digital_id_services
    from digital_id.exceptions import DigitalIdError

    account = access.account
    role = _filer_role(access)
    result = return_compute(data=data)
    request_hash = hashlib.sha256(canonical_json(data)).hexdigest()
    current = (
        TaxReturn.objects.filter(
            account=account, kind=result["kind"], period=result["period"], state=ReturnState.SUBMITTED
        )
        .order_by("-version")
        .first()
    )
    if current is not None and hashlib.sha256(canonical_json(current.request)).hexdigest() == request_hash:
        return current
    card = digital_id_selectors.active_digital_id(actor)
    if card is None:
        raise TaxError(_("You need an active digital ID to sign the return."), field="pin2")
    version = (current.version + 1) if current else 1
    pdf = render_return_pdf(account=account, data=data, result=result, version=version, filer=actor)
    # Signing counts PIN2 tries and must not run inside a transaction (the count must stay).
    try:
        signed = digital_id_services.document_sign(
            digital_id=card,
            actor=actor,
            pdf_bytes=pdf,
            pin2=pin2,
            reason=f"{result['kind']} {result['period']} {account.registry_code}",
        )
    except DigitalIdError as error:
        raise TaxError(str(error), field="pin2") from None
    return _store_return(
        account=account,
        data=data,
        result=result,
        signed=signed,
        version=version,
        current=current,
        actor=actor,
        role=role,
        source=source,
    )


def _store_return(
    *, account, data, result, signed: bytes, version: int, current, actor, role: str, source: str, submitted_at=None
) -> TaxReturn:
    document = {"company": account.registry_code, "request": data, "result": result, "version": version}
    totals = result["totals"]
    try:
        with transaction.atomic():
            TaxpayerAccount.objects.select_for_update().get(pk=account.pk)
            latest = (
                TaxReturn.objects.filter(account=account, kind=result["kind"], period=result["period"])
                .aggregate(v=Max("version"))
                .get("v")
            ) or 0
            if latest + 1 != version:
                raise TaxError(_("Another version of this return was filed a moment ago. Review it and file again."))
            tax_return = TaxReturn(
                account=account,
                kind=result["kind"],
                period=result["period"],
                version=version,
                source=source,
                request=data,
                result=result,
                rules_digest=result["rules_digest"],
                due_date=date.fromisoformat(result["due_date"]),
                total_to_pay=Decimal(totals["total_to_pay"]),
                vat_refundable=Decimal(totals.get("vat_refundable", "0")),
                canonical_sha256=hashlib.sha256(canonical_json(document)).hexdigest(),
                signed_by=actor,
                signer_role=role,
                supersedes=current,
            )
            tax_return.pdf.save(f"{result['kind']}-{result['period']}.pdf", ContentFile(signed), save=False)
            tax_return.save()
            if current is not None:
                current = TaxReturn.objects.select_for_update().get(pk=current.pk)
                transition(
                    current,
                    "supersede",
                    actor=actor,
                    reason=_("Amended by version %(v)s") % {"v": version},
                    save_fields=[],
                )
            transition(
                tax_return,
                "submit",
                actor=actor,
                reason="",
                data={
                    "company": account.registry_code,
                    "kind": tax_return.kind,
                    "period": tax_return.period,
                    "version": version,
                    "total_to_pay": totals["total_to_pay"],
                    "sha256": tax_return.canonical_sha256,
                    "signer_role": role,
                },
                submitted_at=submitted_at or timezone.now(),
            )
            enqueue_job_on_commit("tax.return_receipt", tax_return.pk)
    except IntegrityError:
        raise TaxError(_("Another version of this return was filed a moment ago. Review it and file again.")) from None
    return tax_return


def render_receipt_pdf(tax_return: TaxReturn) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "tax/documents/receipt.html",
        {"r": tax_return, "account": tax_return.account, "submitted_at": timezone.localtime(tax_return.submitted_at)},
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/a-3b")


def return_receipt_issue(*, tax_return_id: int) -> TaxReturn:
    """Seal the receipt with the tax board's seal (idempotent: an existing receipt stays)."""
    from trust.services import seal_pdf

    tax_return = TaxReturn.objects.select_related("account").get(pk=tax_return_id)
    if tax_return.receipt:
        return tax_return
    sealed = seal_pdf(render_receipt_pdf(tax_return), seal="tax_board", reason="Receipt of a tax return")
    with transaction.atomic():
        locked = TaxReturn.objects.select_for_update().get(pk=tax_return.pk)
        if not locked.receipt:
            locked.receipt.save(
                f"receipt-{locked.kind}-{locked.period}-v{locked.version}.pdf", ContentFile(sealed), save=False
            )
            locked.save(update_fields=["receipt"])
    return locked


def tax_return_record_demo(*, account: TaxpayerAccount, data: dict, actor: Any, source: str = "json") -> TaxReturn:
    """Demo data only: file a return whose PDF is sealed with the system seal instead of a
    person's PIN2 signature (no demo persona's PIN2 is known to the command)."""
    from trust.services import seal_pdf

    result = return_compute(data=data)
    current = (
        TaxReturn.objects.filter(
            account=account, kind=result["kind"], period=result["period"], state=ReturnState.SUBMITTED
        )
        .order_by("-version")
        .first()
    )
    if current is not None:
        return current
    pdf = render_return_pdf(account=account, data=data, result=result, version=1, filer=actor)
    signed = seal_pdf(pdf, seal="system", reason="Demo data")
    # The demo company filed on time: two days before the due date, at noon in Tallinn.
    due = date.fromisoformat(result["due_date"])
    submitted_at = timezone.make_aware(datetime.combine(due - timedelta(days=2), time(12)))
    return _store_return(
        account=account,
        data=data,
        result=result,
        signed=signed,
        version=1,
        current=None,
        actor=actor,
        role=SignerRole.BOARD_MEMBER,
        source=source,
        submitted_at=min(submitted_at, timezone.now()),
    )
