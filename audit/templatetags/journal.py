"""``{{ entry|event_text }}``: a journal entry in words, from its app's named events."""

from __future__ import annotations

from typing import Any

from django import template

from audit.events import describe

register = template.Library()


@register.filter
def event_text(entry: Any) -> str:
    return describe(entry, official=True) or ""
