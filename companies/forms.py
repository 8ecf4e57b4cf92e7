"""Forms of the business register: validation only, writes happen in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NameCheckForm(forms.Form):
    name = forms.CharField(
        label=_("Business name"),
        max_length=200,
        help_text=_("With the legal form at its start or end, e.g. “Päikesekodu OÜ”."),
    )


class ReservationForm(NameCheckForm):
    pass
