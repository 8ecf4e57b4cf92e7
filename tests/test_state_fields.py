"""Every state lives in django-fsm: a model field that holds a state (named state/status,
or ending in _state/_status, with choices) must be a protected FSMField on a journaled model,
so it can only move through ``audit.services.transition`` and every move is journaled.
Runs over every installed app, so apps added later are held to it too."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps
from django_fsm import FSMField, FSMFieldMixin

from audit.services import JournaledFSMModel


def _looks_like_state(name: str) -> bool:
    return name in {"state", "status"} or name.endswith(("_state", "_status"))


def _state_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if _looks_like_state(f.name) and (f.choices or isinstance(f, FSMFieldMixin))
    ]


def problems(model) -> list[str]:
    found = []
    for field in _state_fields(model):
        where = f"{model._meta.label}.{field.name}"
        if not isinstance(field, FSMFieldMixin):
            found.append(f"{where} holds a state but is not an FSMField")
        elif not field.protected:
            found.append(f"{where} must be FSMField(protected=True): no state is assigned by hand")
        if not issubclass(model, JournaledFSMModel):
            found.append(f"{model._meta.label} must subclass JournaledFSMModel")
    return found


def _ours(app_config) -> bool:
    """The project's own apps (third-party apps keep their own rules)."""
    path = Path(app_config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and "site-packages" not in path.parts


MODELS = [m for c in apps.get_app_configs() if _ours(c) for m in c.get_models() if _state_fields(m)]


def test_the_walk_sees_the_known_machines():
    seen = {f"{m._meta.label}.{f.name}" for m in MODELS for f in _state_fields(m)}
    # If this fails the walk is broken (and the test below would pass for everything).
    assert {
        "eresidency.Application.state",
        "eresidency.Application.letter_status",
        "eresidency.ScreeningStage.status",
        "digital_id.RevocationRequest.status",
        "payments.Payment.status",
    } <= seen


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_state_field_is_a_protected_fsm_field_on_a_journaled_model(model):
    assert problems(model) == []


@isolate_apps("tests.fsm_app")
def test_a_state_outside_django_fsm_or_unprotected_is_caught():
    class Loose(models.Model):  # noqa: DJ008
        status = models.CharField(max_length=5, choices=[("a", "A")])

        class Meta:
            app_label = "fsm_app"

    class Unprotected(JournaledFSMModel):
        letter_state = FSMField(default="a", choices=[("a", "A")])

        class Meta:
            app_label = "fsm_app"

    assert problems(Loose) == [
        "fsm_app.Loose.status holds a state but is not an FSMField",
        "fsm_app.Loose must subclass JournaledFSMModel",
    ]
    assert problems(Unprotected) == [
        "fsm_app.Unprotected.letter_state must be FSMField(protected=True): no state is assigned by hand"
    ]
