"""Journal actions are named events: no bare action string at a call site, every transition
journaled under its own name has an event, and every event's text is translated."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from audit.events import registered_events

# Apps whose journal speaks through an events module (the others follow: see docs/architecture.md).
APPS_WITH_EVENTS = ["eresidency", "digital_id", "payments", "accounts", "trust"]
JOURNALING = {"journal_record", "transition"}


def _calls(app: str):
    for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in JOURNALING:
                    yield path, name, node


@pytest.mark.parametrize("app", APPS_WITH_EVENTS)
def test_no_bare_action_strings_at_call_sites(app):
    bare = []
    for path, _name, node in _calls(app):
        for keyword in node.keywords:
            if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                bare.append(f"{path.name}:{node.lineno} action={keyword.value.value!r}")
    assert bare == [], "name the action in the app's events module"


@pytest.mark.parametrize("app", APPS_WITH_EVENTS)
def test_every_transition_journaled_under_its_own_name_has_an_event(app):
    declared = {action for (subject, action) in registered_events() if subject.startswith(f"{app}.")}
    missing = []
    for path, name, node in _calls(app):
        if name != "transition" or any(k.arg == "action" for k in node.keywords) or len(node.args) < 2:
            continue
        method = node.args[1]
        if isinstance(method, ast.Constant) and method.value not in declared:
            missing.append(f"{path.name}:{node.lineno} {method.value}")
    assert missing == []


EVENTS = [e for (subject, _a), e in sorted(registered_events().items()) if subject.split(".")[0] in APPS_WITH_EVENTS]


def test_the_events_are_found():
    assert len(EVENTS) > 40


@pytest.mark.parametrize("language", ["et", "th"])
def test_every_event_text_is_translated(language):
    untranslated = []
    for declared in EVENTS:
        english = str(declared.official)
        with translation.override(language):
            if str(declared.official) == english:
                untranslated.append(f"{declared.subject}:{declared.action}")
            if (
                declared.public is not None
                and str(declared.public) == str(translation.gettext(str(declared.public))) == english
            ):
                untranslated.append(f"{declared.subject}:{declared.action} (public)")
    assert untranslated == []


def test_an_undeclared_action_is_reported_not_shown_raw(caplog):
    from types import SimpleNamespace

    from audit.events import describe

    entry = SimpleNamespace(subject_type="eresidency.application", action="renamed_by_mistake", data={})
    assert describe(entry, official=False) is None
    assert "renamed_by_mistake" in describe(entry, official=True)
    assert "has no declared event" in caplog.text
