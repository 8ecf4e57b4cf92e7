"""Writes of the e-Residency application (see each module). Import from here."""

from eresidency.services.applications import (
    application_checkout,
    application_problems,
    application_save_step,
    application_settle_payment,
    application_start,
    application_submit,
    application_withdraw,
    fee_variant_for,
    info_request_answer,
    restriction_message,
)
from eresidency.services.letters import decision_letter_generate, render_letter_html, render_letter_pdf
from eresidency.services.review import (
    application_approve,
    application_claim,
    application_refuse,
    application_release,
    application_request_info,
    info_requests_expire,
)
from eresidency.services.screening import (
    application_rescreen_sanctions,
    screening_finish_if_done,
    screening_stage_retry,
    screening_stage_run,
    screening_start,
)

__all__ = [
    "application_approve",
    "application_checkout",
    "application_claim",
    "application_problems",
    "application_refuse",
    "application_release",
    "application_request_info",
    "application_rescreen_sanctions",
    "application_save_step",
    "application_settle_payment",
    "application_start",
    "application_submit",
    "application_withdraw",
    "decision_letter_generate",
    "fee_variant_for",
    "info_request_answer",
    "info_requests_expire",
    "render_letter_html",
    "render_letter_pdf",
    "restriction_message",
    "screening_finish_if_done",
    "screening_stage_retry",
    "screening_stage_run",
    "screening_start",
]
