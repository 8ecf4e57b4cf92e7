"""A successful sign-in clears the failed attempts counted against that account only."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts.clear_own_failures")
def clear_own_failures(sender, request, user, **kwargs) -> None:
    from accounts.throttling import failures_clear_for

    failures_clear_for(email=user.email)
