"""OAuth2 scopes are services: a member may ask for the services its active agreements name."""

from __future__ import annotations

from oauth2_provider.scopes import BaseScopes


def _member(application):
    return getattr(application, "exchange_member", None) if application is not None else None


class AgreementScopes(BaseScopes):
    def get_all_scopes(self):
        from exchange.registry import services

        return {s.code: str(s.title) for s in services()}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        from exchange.services import active_service_codes

        member = _member(application)
        return active_service_codes(member=member) if member is not None else []

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)
