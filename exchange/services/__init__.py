"""Writes of the data exchange layer. Import from here; the modules behind it may move.

Access log:  log_access
Queries:     exchange_query (every cross-agency read), agreement_for, active_service_codes, Consumer
Agreements:  agreement_create, agreement_sign, agreement_suspend, agreement_resume, agreement_end
Members:     member_apply, member_approve, member_refuse, member_suspend, member_reinstate,
             member_issue_credentials
Evidence:    member_query_answer, message_log_timestamp, message_log_export, journal_anchor_create
"""

from exchange.services.access import log_access
from exchange.services.agreements import (
    agreement_create,
    agreement_end,
    agreement_render_pdf,
    agreement_resume,
    agreement_sign,
    agreement_suspend,
)
from exchange.services.members import (
    ClientCredentials,
    member_apply,
    member_approve,
    member_issue_credentials,
    member_refuse,
    member_reinstate,
    member_suspend,
)
from exchange.services.messages import (
    SignedAnswer,
    journal_anchor_create,
    member_query_answer,
    message_log_export,
    message_log_timestamp,
)
from exchange.services.query import Consumer, QueryResult, active_service_codes, agreement_for, exchange_query

__all__ = [
    "ClientCredentials",
    "Consumer",
    "QueryResult",
    "SignedAnswer",
    "active_service_codes",
    "agreement_create",
    "agreement_end",
    "agreement_for",
    "agreement_render_pdf",
    "agreement_resume",
    "agreement_sign",
    "agreement_suspend",
    "exchange_query",
    "journal_anchor_create",
    "log_access",
    "member_apply",
    "member_approve",
    "member_issue_credentials",
    "member_query_answer",
    "member_refuse",
    "member_reinstate",
    "member_suspend",
    "message_log_export",
    "message_log_timestamp",
]
