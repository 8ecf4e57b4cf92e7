"""A minimal journaled state machine used only by the foundation's tests."""

import uuid

from django.db import models
from django_fsm import FSMField, transition

from audit.services import JournaledFSMModel


class Case(JournaledFSMModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True)
    state = FSMField(default="new", protected=True)
    note = models.CharField(max_length=100, blank=True)

    @transition(field=state, source="new", target="open")
    def open(self):
        pass

    @transition(field=state, source="open", target="closed")
    def close(self, note: str = ""):
        self.note = note

    @transition(field=state, source="open", target="failed")
    def explode(self):
        raise RuntimeError("boom")
