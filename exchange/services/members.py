"""External members: apply, are approved by an administrator, get OAuth2 client credentials."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import journal_record, transition
from exchange.constants import MemberState
from exchange.exceptions import ExchangeError
from exchange.models import Member


def member_apply(*, name: str, registry_code: str, country: str, contact: Any) -> Member:
    name, registry_code, country = (name or "").strip(), (registry_code or "").strip(), (country or "").strip().upper()
    if not name or not registry_code or len(country) != 2:
        raise ExchangeError("invalid", _("Name, registry code and a two-letter country are required."), status=400)
    try:
        with transaction.atomic():
            member = Member.objects.create(name=name, registry_code=registry_code, country=country, contact=contact)
            journal_record(actor=contact, action="member_applied", subject=member, to_state=MemberState.APPLIED)
    except IntegrityError:
        raise ExchangeError(
            "duplicate", _("An organisation with this registry code has already applied."), status=409
        ) from None
    return member


def _locked(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def member_approve(*, member: Member, actor: Any, reason: str = "") -> Member:
    with transaction.atomic():
        member = _locked(member)
        transition(member, "approve", actor=actor, reason=reason)
    return member


def member_refuse(*, member: Member, actor: Any, reason: str) -> Member:
    with transaction.atomic():
        member = _locked(member)
        transition(member, "refuse", actor=actor, reason=reason)
    return member


def member_suspend(*, member: Member, actor: Any, reason: str) -> Member:
    """Suspend a member: its tokens stop working at once (they are deleted)."""
    from oauth2_provider.models import AccessToken

    with transaction.atomic():
        member = _locked(member)
        transition(member, "suspend", actor=actor, reason=reason)
        if member.application_id:
            AccessToken.objects.filter(application_id=member.application_id).delete()
    return member


def member_reinstate(*, member: Member, actor: Any, reason: str) -> Member:
    with transaction.atomic():
        member = _locked(member)
        transition(member, "reinstate", actor=actor, reason=reason)
    return member


@dataclass(frozen=True)
class ClientCredentials:
    client_id: str
    client_secret: str  # shown once; only its hash is stored


def member_issue_credentials(*, member: Member, actor: Any) -> ClientCredentials:
    """New client credentials for an approved member (the old secret and tokens stop working)."""
    from oauth2_provider.models import AccessToken, Application

    with transaction.atomic():
        member = _locked(member)
        if member.state != MemberState.APPROVED:
            raise ExchangeError("member_not_approved", _("Only an approved member gets credentials."), status=409)
        secret = secrets.token_urlsafe(40)
        app = member.application
        if app is None:
            app = Application(
                name=f"exchange member {member.code}",
                client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
                client_secret=secret,
                hash_client_secret=True,
            )
            app.save()
            member.application = app
            member.save(update_fields=["application"])
        else:
            AccessToken.objects.filter(application=app).delete()
            app.client_secret = secret
            app.save()
        journal_record(
            actor=actor, action="member_credentials_issued", subject=member, data={"client_id": app.client_id}
        )
    return ClientCredentials(client_id=app.client_id, client_secret=secret)
