"""OAuth2 for members: only approved members get tokens; the request's member rides on it."""

from __future__ import annotations

from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.oauth2_validators import OAuth2Validator

from config.api import ProblemError
from exchange.constants import MemberState, Refusal


def member_of(application):
    try:
        return application.exchange_member if application is not None else None
    except Exception:
        return None


class MemberValidator(OAuth2Validator):
    """A client whose member is not approved (applied, refused, suspended) gets no token."""

    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        member = member_of(request.client)
        return member is not None and member.state == MemberState.APPROVED


class MemberAuthentication(OAuth2Authentication):
    """A bearer token of an approved member; ``request.user`` is the Member."""

    www_authenticate_realm = "exchange"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        _user, token = result
        member = member_of(token.application)
        if member is None:
            return None
        if member.state != MemberState.APPROVED:
            raise ProblemError(
                str(Refusal.MEMBER_NOT_APPROVED.label), code=Refusal.MEMBER_NOT_APPROVED, status_code=403
            )
        return member, token


# The OpenAPI document names the client-credentials flow and the scopes (services).
from drf_spectacular.contrib.django_oauth_toolkit import DjangoOAuthToolkitScheme  # noqa: E402


class MemberAuthenticationScheme(DjangoOAuthToolkitScheme):
    target_class = "exchange.api.oauth.MemberAuthentication"
    name = "memberOAuth2"

    def get_security_requirement(self, auto_schema):
        return {self.name: []}
