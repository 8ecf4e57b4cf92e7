"""Four eyes: a first approval of a flagged application stands until new information arrives."""

from __future__ import annotations

from django.utils import timezone

from audit.services import journal_record
from audit.types import ActorLike
from eresidency import events
from eresidency.models import Application


def approvals_invalidate(app: Application, *, actor: ActorLike, because: str) -> int:
    """Set off the application's standing first approvals, with the time and the reason, in
    one journal entry naming the officials whose approval no longer stands. Call inside the
    transaction that holds the application's row lock. Returns how many were set off."""
    standing = list(app.approvals.filter(valid=True).select_related("official"))
    if not standing:
        return 0
    now = timezone.now()
    app.approvals.filter(pk__in=[a.pk for a in standing]).update(
        valid=False, invalidated_at=now, invalidated_because=because[:200]
    )
    journal_record(
        actor=actor,
        action=events.APPROVALS_INVALIDATED,
        subject=app,
        reason=because,
        data={"officials": [a.official.email for a in standing], "at": now.isoformat()},
    )
    return len(standing)
