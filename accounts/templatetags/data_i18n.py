"""Data people read (fee descriptions, pick-up location names, legal references), shown in
the reader's language.

The values are stored once, in English, as the reference data and the agencies wrote
them; each app lists the ones it ships in a ``data_labels.py`` with ``gettext_noop`` so
they are in the catalogue, and templates translate at render time with ``|datatrans``.
A value added later by an operator and not yet catalogued is shown as stored."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext

register = template.Library()

_URL = re.compile(r"https?://\S+")


@register.filter
def datatrans(value) -> str:
    text = str(value or "")
    return gettext(text) if text else ""


@register.filter
def legal_basis(value) -> str:
    """A legal reference as people read it: the acts and decisions, translated, without
    the source addresses kept beside them for auditors."""
    parts = []
    for part in str(value or "").split(";"):
        part = _URL.sub("", part).strip().rstrip(":").strip()
        if part:
            parts.append(gettext(part))
    return "; ".join(parts)
