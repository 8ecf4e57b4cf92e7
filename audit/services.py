"""Writing to the journal, and running django-fsm transitions that journal themselves.

Every state change in the system goes through :func:`transition`, which runs the
``@transition`` method, saves the object (``ConcurrentTransitionMixin`` refuses the save if
another request moved the object first) and appends exactly one journal entry, all in one
database transaction: either all three happen or none does.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, TransitionNotAllowed, can_proceed
from django_fsm.signals import pre_transition

from audit.events import Event
from audit.exceptions import UnjournaledTransition
from audit.hashing import GENESIS_HASH, compute_hash, entry_fields
from audit.models import JournalEntry, JournalHead
from audit.types import ActorLike

SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who acted: a user, or a named system component (``Actor.system("stripe")``)."""

    user: Any = None
    label: str = SYSTEM

    @classmethod
    def of(cls, who: Any) -> Actor:
        if isinstance(who, Actor):
            return who
        if who is None:
            return cls(None, SYSTEM)
        if isinstance(who, str):
            return cls(None, who)
        if getattr(who, "is_authenticated", False):
            return cls(who, who.email)
        return cls(None, "anonymous")

    @classmethod
    def system(cls, label: str = SYSTEM) -> Actor:
        return cls(None, label)


def subject_of(obj: models.Model) -> tuple[str, str]:
    """The (type, public id) pair that names a case in the journal."""
    public_id = getattr(obj, "journal_public_id", None)
    if public_id is None:
        public_id = getattr(obj, "code", None) or obj.pk
    return obj._meta.label_lower, str(public_id() if callable(public_id) else public_id)


def _json_safe(data: dict | None) -> dict:
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def journal_record(
    *,
    actor: ActorLike,
    action: str | Event,
    subject: models.Model | tuple[str, str],
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> JournalEntry:
    """Append one entry to the chain. Call inside the transaction that makes the change."""
    who = Actor.of(actor)
    action = str(action)  # an audit.events.Event or its name
    subject_type, subject_id = subject if isinstance(subject, tuple) else subject_of(subject)
    payload = _json_safe(data)
    with transaction.atomic():
        head, _created = JournalHead.objects.select_for_update().get_or_create(
            id=1, defaults={"seq": 0, "last_hash": GENESIS_HASH}
        )
        if _created:
            # get_or_create's INSERT does not lock on every backend; take the lock now.
            head = JournalHead.objects.select_for_update().get(id=1)
        seq = head.seq + 1
        at = timezone.now()
        fields = entry_fields(
            seq=seq,
            at=at,
            actor_id=who.user.pk if who.user is not None else None,
            actor_label=who.label,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            from_state=str(from_state or ""),
            to_state=str(to_state or ""),
            reason=reason or "",
            data=payload,
            prev_hash=head.last_hash,
        )
        entry_hash = compute_hash(fields)
        entry = JournalEntry.objects.create(
            seq=seq,
            at=at,
            actor=who.user,
            actor_label=who.label,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            from_state=fields["from_state"],
            to_state=fields["to_state"],
            reason=fields["reason"],
            data=payload,
            prev_hash=head.last_hash,
            entry_hash=entry_hash,
        )
        JournalHead.objects.filter(id=1).update(seq=seq, last_hash=entry_hash)
    return entry


# --- Journaled state machines ------------------------------------------------------------

_context = threading.local()


class JournaledFSMModel(ConcurrentTransitionMixin, models.Model):
    """Base for every model with an FSMField: transitions must go through ``transition``."""

    class Meta:
        abstract = True


def _state_field_name(obj: models.Model, method: Callable | None = None) -> str:
    """The state field a transition method moves (a model may have more than one)."""
    meta = getattr(method, "_django_fsm", None)
    if meta is not None:
        field = meta.field
        return cast(models.Field, obj._meta.get_field(field)).attname if isinstance(field, str) else field.attname
    for field in obj._meta.fields:
        if field.__class__.__name__ in {"FSMField", "FSMIntegerField", "FSMKeyField"}:
            return field.attname
    raise TypeError(f"{obj._meta.label} has no FSM field")


@contextmanager
def _journaling(obj: models.Model):
    stack = getattr(_context, "objects", None)
    if stack is None:
        stack = _context.objects = []
    stack.append(id(obj))
    try:
        yield
    finally:
        stack.pop()


def _refuse_unjournaled(sender, instance, name, **kwargs):
    if isinstance(instance, JournaledFSMModel) and id(instance) not in getattr(_context, "objects", []):
        raise UnjournaledTransition(
            f"{sender.__name__}.{name} must be run through audit.services.transition() so it is journaled."
        )


pre_transition.connect(_refuse_unjournaled, dispatch_uid="audit.refuse_unjournaled")


def transition(
    obj: JournaledFSMModel,
    name: str,
    *,
    actor: ActorLike,
    reason: str = "",
    data: dict | None = None,
    save_fields: list[str] | None = None,
    action: str | Event | None = None,
    subject: models.Model | tuple[str, str] | None = None,
    **kwargs: Any,
) -> Any:
    """Run ``obj.<name>(**kwargs)``, save, and journal it, atomically.

    The entry is named ``action`` (default: the method's name) and filed under ``subject``
    (default: the object's ``journal_subject`` if it has one, such as the application a
    screening stage belongs to, else the object itself).

    Raises ``TransitionNotAllowed`` if the transition cannot run from the current state (or
    its conditions fail) and ``django_fsm.ConcurrentTransition`` if another transaction
    changed the state since ``obj`` was read; in both cases nothing is written.
    """
    method: Callable = getattr(obj, name)
    field = _state_field_name(obj, method)
    with transaction.atomic():
        if not can_proceed(method):
            raise TransitionNotAllowed(
                f"Cannot {name} {obj._meta.verbose_name} in state {getattr(obj, field)!r}.",
                object=obj,
                method=method,
            )
        from_state = getattr(obj, field)
        with _journaling(obj):
            result = method(**kwargs)
        if save_fields is not None:
            obj.save(update_fields=[field, *save_fields])
        else:
            obj.save()
        journal_record(
            actor=actor,
            action=str(action or name),
            subject=subject if subject is not None else getattr(obj, "journal_subject", obj),
            from_state=from_state,
            to_state=getattr(obj, field),
            reason=reason,
            data=data,
        )
    return result


# --- Verification ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Recompute every hash from the genesis; name the first entry that does not match."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in JournalEntry.objects.order_by("seq").iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            return ChainReport(checked, entry.seq, f"entry #{expected_seq} is missing (found #{entry.seq} next)")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.seq, "its previous-hash does not match the entry before it")
        fields = entry_fields(
            seq=entry.seq,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            subject_type=entry.subject_type,
            subject_id=entry.subject_id,
            from_state=entry.from_state,
            to_state=entry.to_state,
            reason=entry.reason,
            data=entry.data,
            prev_hash=entry.prev_hash,
        )
        if compute_hash(fields) != entry.entry_hash:
            return ChainReport(checked, entry.seq, "its content does not match its hash (the row was edited)")
        prev_hash = entry.entry_hash
        expected_seq += 1
        checked += 1
    head = JournalHead.objects.filter(id=1).first()
    if head is not None and (head.seq != checked or head.last_hash != prev_hash):
        return ChainReport(checked, checked + 1, "entries after the last one shown were removed (the head is ahead)")
    return ChainReport(checked)
