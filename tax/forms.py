"""Forms of the tax board. The return form is a grid of lines read into the calculator's
request format, so a web filing, an upload and an API call are checked by the same code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tax.constants import PENSION_RATE_CHOICES, VatApplicationKind

ANNEX1_FIELDS = ("personal_code", "name", "payment_type", "gross", "pension_rate", "basic_exemption")
ANNEX7_FIELDS = ("recipient", "recipient_code", "net", "paid_on")
SUPPLY_FIELDS = ("category", "taxable_value", "supplied_on", "counterparty_code", "counterparty_name", "invoice_number")
ANNEX2_FIELDS = ("recipient", "foreign_id", "country", "payment_type", "gross")
PURCHASE_FIELDS = ("counterparty_code", "counterparty_name", "invoice_number", "invoice_date", "taxable_value", "vat")
GRIDS = {
    "annex1": ANNEX1_FIELDS,
    "annex2": ANNEX2_FIELDS,
    "annex7": ANNEX7_FIELDS,
    "supplies": SUPPLY_FIELDS,
    "purchases": PURCHASE_FIELDS,
}
MONEY_FIELDS = {"gross", "net", "taxable_value", "vat"}
BOOLEAN_FIELDS = {"basic_exemption"}


def input_name(grid: str, row: int, field: str) -> str:
    return f"{grid}-{row}-{field}"


def field_for_path(path: str) -> str:
    """Calculator error path "annex1[2].gross" → form input name "annex1-2-gross"."""
    if "[" in path and "]." in path:
        grid, rest = path.split("[", 1)
        row, field = rest.split("].", 1)
        return input_name(grid, int(row), field)
    return path


def request_from_post(*, kind: str, period: str, post: Any, rows: int) -> dict[str, Any]:
    """The calculator request the form describes; rows left empty are skipped."""
    data: dict[str, Any] = {"kind": kind, "period": (period or "").strip()}
    grids = ("annex1", "annex2", "annex7") if kind == "TSD" else ("supplies", "purchases")
    for grid in grids:
        lines = []
        for row in range(rows):
            line: dict[str, Any] = {}
            for field in GRIDS[grid]:
                name = input_name(grid, row, field)
                if field in BOOLEAN_FIELDS:
                    line[field] = post.get(name) in ("on", "true", "1")
                    continue
                value = (post.get(name) or "").strip()
                if value:
                    line[field] = (
                        value.replace(",", ".")
                        if field in MONEY_FIELDS
                        else value.upper()
                        if field == "country"
                        else value
                    )
            meaningful = {k for k, v in line.items() if v not in ("", False)} - {
                "payment_type",
                "pension_rate",
                "category",
            }
            if meaningful:
                lines.append(line)
        if lines:
            data[grid] = lines
    if kind == "KMD":
        input_vat = (post.get("input_vat") or "").strip().replace(",", ".")
        if input_vat:
            data["input_vat"] = input_vat
    return data


class SignForm(forms.Form):
    pin2 = forms.CharField(
        label=_("PIN2 of your digital ID"),
        min_length=5,
        max_length=12,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("Signing files the return. The PIN is used once and never stored."),
    )


class UploadForm(forms.Form):
    document = forms.FileField(
        label=_("Return file"),
        help_text=_("The calculator's JSON, or a CSV in the TSD layout described on the rules page."),
    )
    kind = forms.ChoiceField(label=_("Kind (for a CSV file)"), choices=[("TSD", "TSD"), ("KMD", "KMD")], required=False)
    period = forms.RegexField(
        label=_("Period (for a CSV file)"), regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False, help_text="YYYY-MM"
    )


class PersonForm(forms.Form):
    given_names = forms.CharField(label=_("Given names"), max_length=100)
    surname = forms.CharField(label=_("Surname"), max_length=100)
    personal_code = forms.CharField(label=_("Estonian personal code"), max_length=11, required=False)
    foreign_id = forms.CharField(label=_("Foreign identifier (non-residents)"), max_length=40, required=False)
    country = forms.CharField(label=_("Country of residence (two letters)"), max_length=2, initial="EE")
    tax_resident = forms.BooleanField(label=_("Estonian tax resident"), required=False, initial=True)
    pension_rate = forms.ChoiceField(label=_("Funded pension rate"), choices=PENSION_RATE_CHOICES, initial="2")
    basic_exemption = forms.BooleanField(label=_("Applied for the basic exemption here"), required=False)


class VatApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Registration"), choices=VatApplicationKind.choices, widget=forms.RadioSelect)
    threshold_passed_on = forms.DateField(
        label=_("Date taxable supplies since 1 January passed the threshold"), required=False, help_text="YYYY-MM-DD"
    )
    supplies_to_date = forms.DecimalField(
        label=_("Taxable supplies since 1 January (EUR)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )


class MandateForm(forms.Form):
    accountant_email = forms.EmailField(label=_("Accountant's e-mail address (a user of this service)"))
    valid_from = forms.DateField(label=_("Valid from"), help_text="YYYY-MM-DD")
    valid_to = forms.DateField(label=_("Valid until"), help_text="YYYY-MM-DD")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Register")), ("refuse", _("Refuse"))])
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
