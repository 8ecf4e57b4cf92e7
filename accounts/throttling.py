"""Sign-in lock-out and reset throttling: one identifier per account, however it is typed.

django-axes counts failed sign-ins. Its key for the account is the normalised e-mail
address (``identifier_normalise``), so ``Alice@Example.org`` and ``alice@example.org`` add
to one count, and it counts separately per client address (``AXES_LOCKOUT_PARAMETERS``),
so one address cannot spray guesses over many accounts. A success clears only the
account's own failures (``failures_clear_for``), never those of the client address: an
attacker who signs in to an account of their own does not wipe the count of the account
they were guessing.

Password-reset mails are throttled per address and per client address in the cache.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache


def identifier_normalise(value: Any) -> str:
    """The one spelling of a sign-in identifier: trimmed, lower case (e-mail addresses are
    matched case-insensitively everywhere)."""
    return str(value or "").strip().lower()


def axes_username(request: Any, credentials: dict | None = None) -> str:
    """``AXES_USERNAME_CALLABLE``: the account an attempt is about."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get(field)
    return identifier_normalise(value)


def failures_clear_for(*, email: str) -> int:
    """Forget the failed sign-ins counted against one account (after a successful sign-in
    or a password reset by the mailbox's owner)."""
    from axes.utils import reset

    return reset(username=identifier_normalise(email))


def _hit(key: str, *, limit: int, window: int) -> bool:
    """Count one event under ``key``; True while the count stays within ``limit``."""
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def reset_mail_allowed(*, email: str, client_address: str) -> bool:
    """At most ``PASSWORD_RESET_MAILS_PER_ADDRESS`` mails per address and
    ``PASSWORD_RESET_REQUESTS_PER_CLIENT`` requests per client address each window."""
    window = settings.PASSWORD_RESET_THROTTLE_SECONDS
    per_client = _hit(
        f"reset:client:{client_address}", limit=settings.PASSWORD_RESET_REQUESTS_PER_CLIENT, window=window
    )
    per_address = _hit(
        f"reset:mail:{identifier_normalise(email)}", limit=settings.PASSWORD_RESET_MAILS_PER_ADDRESS, window=window
    )
    return per_client and per_address


def reset_client_allowed(*, client_address: str) -> bool:
    """Whether the client address is still under its limit (without counting a request)."""
    count = cache.get(f"reset:client:{client_address}") or 0
    return count < settings.PASSWORD_RESET_REQUESTS_PER_CLIENT


def lockout_response(request: Any, original_response: Any = None, credentials: dict | None = None):
    """``AXES_LOCKOUT_CALLABLE``: the lock-out page, saying the wait in minutes."""
    from django.shortcuts import render

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/locked_out.html", {"lockout_minutes": minutes}, status=429)
