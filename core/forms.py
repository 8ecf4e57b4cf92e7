"""Form widgets every app's pages share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy


class DateInput(forms.DateInput):
    """A typed date in the one format the pages use (dd.mm.yyyy). A browser date picker
    shows the browser's own format (mm/dd/yyyy in an English browser) beside our hints."""

    input_type = "text"

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"placeholder": gettext_lazy("dd.mm.yyyy"), "inputmode": "numeric", "autocomplete": "off", "size": 10}
        attrs.update(kwargs.pop("attrs", {}) or {})
        super().__init__(format="%d.%m.%Y", attrs=attrs, **kwargs)
