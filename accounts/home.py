"""Role home pages are built from panels that each app registers at start-up.

A lower layer cannot import a higher one, so the identity board's queue, the registrar's
inbox and so on are added here by their own apps (in ``AppConfig.ready``).

A panel whose content changes only through journaled acts can be marked with
``@journal_cached(...)`` on its context function: its HTML is then kept in the cache under
the journal head (every journaled change anywhere moves it), the Tallinn date, the
language and the user (or only the role, for counts everyone in the role sees), for at
most ``seconds``. The bound covers what moves without a journal entry (time passing,
stages running late). A page of cached panels costs one small query for the head.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from audit.models import JournalHead


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 100


_panels: dict[str, dict[str, HomePanel]] = {}


def register_home_panel(role: str, panel: HomePanel) -> None:
    _panels.setdefault(role, {})[panel.key] = panel


def panels_for(role: str) -> list[HomePanel]:
    return sorted(_panels.get(role, {}).values(), key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class JournalCachePolicy:
    per_user: bool
    seconds: int


def journal_cached(*, per_user: bool = True, seconds: int = 60) -> Callable:
    """Mark a panel context function as safe to cache under the journal head (see above)."""

    def mark(func: Callable) -> Callable:
        func.journal_cache = JournalCachePolicy(per_user=per_user, seconds=seconds)  # type: ignore[attr-defined]
        return func

    return mark


def _journal_seq() -> int:
    return JournalHead.objects.filter(id=1).values_list("seq", flat=True).first() or 0


def _render(panel: HomePanel, request: HttpRequest) -> SafeString:
    return get_template(panel.template).render({"panel_context": panel.context(request)}, request)


def render_panels(request: HttpRequest) -> list[SafeString]:
    """The HTML of each panel of the user's role, in order."""
    user = request.user
    seq: int | None = None
    out = []
    for panel in panels_for(user.role):
        policy: JournalCachePolicy | None = getattr(panel.context, "journal_cache", None)
        if policy is None:
            out.append(_render(panel, request))
            continue
        if seq is None:
            seq = _journal_seq()
        day = timezone.localdate().isoformat()  # TIME_ZONE is Tallinn's
        who = f"u{user.pk}" if policy.per_user else "all"
        key = f"home-panel:{panel.key}:{user.role}:{who}:{translation.get_language()}:{day}:{seq}"
        html = cache.get(key)
        if html is None:
            html = _render(panel, request)
            cache.set(key, str(html), policy.seconds)
        out.append(SafeString(html))
    return out
