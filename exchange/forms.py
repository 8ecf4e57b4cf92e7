from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from exchange.constants import MemberState
from exchange.models import Member
from exchange.registry import AGENCIES, service_choices, services


class DateInput(forms.DateInput):
    input_type = "date"


class TrackerFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    reader = forms.ChoiceField(label=_("Who read"), required=False)

    def __init__(self, *args, reader_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reader"].choices = [("", _("Everyone")), *reader_choices]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PinForm(forms.Form):
    pin2 = forms.CharField(
        label=_("PIN2 of your digital ID"),
        min_length=5,
        max_length=12,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class MemberApplyForm(forms.Form):
    name = forms.CharField(label=_("Organisation's name"), max_length=200)
    registry_code = forms.CharField(label=_("Registry code"), max_length=40)
    country = forms.CharField(label=_("Country (two letters)"), max_length=2, min_length=2, initial="EE")


class _UserByEmail(forms.EmailField):
    def clean(self, value):
        email = super().clean(value)
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user has this e-mail address."))
        return user


class AgreementForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"))
    consumer = forms.ChoiceField(label=_("Consumer"))
    fields = forms.MultipleChoiceField(
        label=_("Fields granted"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only fields of the chosen service."),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    provider_official = _UserByEmail(label=_("Responsible official of the provider (e-mail)"))
    consumer_official = _UserByEmail(label=_("Responsible official of the consumer (e-mail)"))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput, initial=timezone.localdate)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = service_choices()
        members = Member.objects.filter(state=MemberState.APPROVED).order_by("name")
        self.fields["consumer"].choices = [(f"agency:{k}", str(v)) for k, v in AGENCIES.items()] + [
            (f"member:{m.code}", m.name) for m in members
        ]
        names = sorted({f for s in services() for f in s.fields})
        self.fields["fields"].choices = [(n, n) for n in names]

    def consumer_value(self):
        kind, _sep, value = self.cleaned_data["consumer"].partition(":")
        if kind == "member":
            return Member.objects.get(code=value)
        return value
