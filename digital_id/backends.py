"""Authentication backend: login with the digital ID (personal code + PIN1).

The sign-in page calls ``DigitalIdBackend().authenticate(request, username=<personal code>,
pin_secret=<PIN1>)`` directly, not through django-axes: the card's PIN counter (three
wrong PIN1s block it until the PUK) is the lock-out, per card. The backend stays in
AUTHENTICATION_BACKENDS so sessions it started resolve their user. The keyword is
``pin_secret`` so Django masks it in the ``user_login_failed`` signal.

Why a login was refused is left on ``request.digital_id_refusal`` for the view to show;
the card used is left on ``request.digital_id``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from accounts.models import User


class DigitalIdBackend(BaseBackend):
    def authenticate(self, request: Any, username: str | None = None, pin_secret: str | None = None, **kwargs: Any):
        if username is None or pin_secret is None:
            return None
        from digital_id.exceptions import LoginRefused
        from digital_id.services import digital_id_authenticate

        try:
            card = digital_id_authenticate(personal_code=username, pin1=pin_secret)
        except LoginRefused as refusal:
            if request is not None:
                request.digital_id_refusal = str(refusal)
            return None
        user = card.holder
        if not self.user_can_authenticate(user):
            if request is not None:
                from django.utils.translation import gettext as _

                request.digital_id_refusal = _("This account is closed.")
            return None
        if request is not None:
            request.digital_id = card
        return user

    def user_can_authenticate(self, user: User) -> bool:
        return bool(getattr(user, "is_active", False))

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
