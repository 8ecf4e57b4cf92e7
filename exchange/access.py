"""Who may see which agreement or member: the only place views look them up."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.constants import Role
from exchange.models import Agreement, Member

MEMBER_OVERSIGHT = frozenset({Role.ADMINISTRATOR, Role.AUDITOR})


def _code(code: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None


def get_agreement_for_user(user: Any, code: Any) -> Agreement:
    """Officials see every agreement (the catalogue of exchanges is public inside the state);
    a member's contact person sees its member's agreements; anyone else gets "not found"."""
    agreement = (
        Agreement.objects.select_related("consumer_member", "provider_official", "consumer_official")
        .filter(code=_code(code))
        .first()
    )
    if agreement is None:
        raise Http404
    if user.is_official or user in (agreement.consumer_official, agreement.provider_official):
        return agreement
    if agreement.consumer_member_id and agreement.consumer_member.contact_id == user.pk:
        return agreement
    raise Http404


def may_change_agreement(user: Any, agreement: Agreement) -> bool:
    return user.role == Role.ADMINISTRATOR or user == agreement.provider_official


def get_member_for_user(user: Any, code: Any) -> Member:
    member = Member.objects.select_related("contact", "application").filter(code=_code(code)).first()
    if member is None:
        raise Http404
    if user.role in MEMBER_OVERSIGHT or member.contact_id == user.pk:
        return member
    raise Http404


def require_role(user: Any, *roles: str) -> None:
    if user.role not in roles:
        raise PermissionDenied
