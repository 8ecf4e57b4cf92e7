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


class FoundingDataForm(forms.Form):
    procedure = forms.ChoiceField(label=_("Procedure"), choices=())
    email = forms.EmailField(label=_("Company e-mail address"))
    address_country = forms.CharField(
        label=_("Country of the address"), max_length=2, initial="EE", help_text=_("Two letters, EE for Estonia.")
    )
    address = forms.CharField(label=_("Address"), max_length=300)
    activity = forms.ModelChoiceField(label=_("Field of activity (EMTAK)"), queryset=None)
    financial_year_end = forms.RegexField(
        label=_("Financial year ends (MM-DD)"), regex=r"^\d{2}-\d{2}$", initial="12-31", max_length=5
    )
    share_capital = forms.DecimalField(label=_("Share capital (EUR)"), min_value=0, decimal_places=2, max_digits=14)
    contact_provider = forms.ModelChoiceField(
        label=_("Contact person (mandatory with an address abroad)"), queryset=None, required=False
    )
    contact_until = forms.DateField(
        label=_("Contact person's term ends"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"]
    )

    def __init__(self, *args, **kwargs):
        from companies.constants import Procedure
        from companies.models import ActivityCode, ContactProvider

        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = Procedure.choices
        self.fields["activity"].queryset = ActivityCode.objects.filter(selectable=True)
        self.fields["contact_provider"].queryset = ContactProvider.objects.filter(active=True)

    def clean_address_country(self):
        return self.cleaned_data["address_country"].upper()


class FounderForm(forms.Form):
    personal_code = forms.CharField(label=_("Personal identification code of a person"), max_length=11, required=False)
    registry_code = forms.CharField(label=_("or the registry code of a company"), max_length=8, required=False)
    nominal = forms.DecimalField(label=_("Share (EUR)"), min_value=0, decimal_places=2, max_digits=14)

    def clean(self):
        data = super().clean()
        if bool(data.get("personal_code")) == bool(data.get("registry_code")):
            raise forms.ValidationError(_("Give either a personal code or a registry code."))
        return data


class BoardMemberForm(forms.Form):
    personal_code = forms.CharField(label=_("Personal identification code"), max_length=11)
    board = forms.ChoiceField(label=_("Board"), choices=())

    def __init__(self, *args, **kwargs):
        from companies.constants import Board

        super().__init__(*args, **kwargs)
        self.fields["board"].choices = Board.choices


class SignForm(forms.Form):
    pin2 = forms.CharField(
        label=_("PIN2"),
        max_length=12,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class DeficiencyForm(forms.Form):
    text = forms.CharField(label=_("What must be corrected"), widget=forms.Textarea)
    deadline = forms.DateField(label=_("Correct by"), input_formats=["%Y-%m-%d", "%d.%m.%Y"])


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reasons for the refusal"), widget=forms.Textarea)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("What you corrected"), widget=forms.Textarea, required=False)
