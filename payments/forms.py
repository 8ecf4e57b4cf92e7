from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class LocalCheckoutForm(forms.Form):
    ACTIONS = (("pay", _("Pay")), ("fail", _("Fail")), ("cancel", _("Cancel")))

    action = forms.ChoiceField(choices=ACTIONS)
    event_id = forms.UUIDField(widget=forms.HiddenInput)


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to refund (EUR)"),
        help_text=_("Leave empty to refund everything that is left."),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: refunded the duplicate payment at Stripe on 3 March."),
    )
