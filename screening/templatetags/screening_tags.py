"""Filters for showing stored hits: ``{% load screening_tags %}``."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from screening.constants import EntryKind
from screening.countries import country_name

register = template.Library()

COMPONENT_LABELS = {
    "name": _("Name (aligned tokens)"),
    "token_sort": _("Name, tokens sorted"),
    "token_set": _("Name, shared tokens"),
    "surname": _("Surname"),
    "given_names": _("Given names"),
    "date_of_birth": _("Date of birth (points)"),
    "nationality": _("Nationality (points)"),
}


@register.filter
def country_names(codes: object) -> str:
    """["RU", "KP"] → "Russia (RU), North Korea (KP)"."""
    if not codes:
        return ""
    if isinstance(codes, str):
        codes = [codes]
    return ", ".join(f"{country_name(code)} ({code})" for code in codes)


@register.filter
def entry_kind_label(kind: str) -> str:
    try:
        return str(EntryKind(kind).label)
    except ValueError:
        return kind


@register.filter
def component_label(key: str) -> str:
    return str(COMPONENT_LABELS.get(key, key))


@register.filter
def evidence(hit: dict, field: str) -> str:
    """ "agrees", "conflicts" or "" for a hit's date_of_birth or nationality."""
    if field in (hit.get("fields") or []):
        return "agrees"
    points = (hit.get("components") or {}).get(field, 0) or 0
    return "conflicts" if points < 0 else ""


@register.filter
def points(value: object) -> str:
    """10.0 → "+10", -30.0 → "−30", 0 → "0": how a field moved the score."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        return ""
    if number > 0:
        return f"+{number}"
    return f"−{-number}" if number < 0 else "0"
