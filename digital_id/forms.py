"""Forms of the digital ID pages. They validate input only; the services do the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.countries import COUNTRY_CHOICES
from core.forms import DateInput
from digital_id import personal_codes
from digital_id.constants import HolderRevocationReason, RevocationChoice
from eresidency.constants import DocumentType

PIN_CHOICES = [("auth", _("PIN1 (sign-in)")), ("sign", _("PIN2 (signatures)"))]
COUNTRIES = [("", _("Choose a country")), *COUNTRY_CHOICES]
DOCUMENT_TYPES = [("", _("Choose")), *DocumentType.choices]


def _digits(label, low: int, high: int, *, autocomplete: str = "off") -> forms.RegexField:
    return forms.RegexField(
        label=label,
        regex=rf"^\d{{{low},{high}}}$",
        strip=True,
        error_messages={"invalid": _("Enter %(low)s to %(high)s digits.") % {"low": low, "high": high}},
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete, "inputmode": "numeric"}),
    )


class PersonalCodeField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Personal identification code"))
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("min_length", 11)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "username"})

    def clean(self, value):
        value = super().clean((value or "").strip())
        if value and not personal_codes.is_valid(value):
            raise forms.ValidationError(_("This is not a valid personal identification code; check the 11 digits."))
        return value


class IdLoginForm(forms.Form):
    # Posted as "username" and "password" so axes keys lockouts on the code and masks the PIN.
    username = PersonalCodeField(help_text=_("The 11 digits on your digital ID card."))
    password = _digits(_("PIN1"), 4, 12, autocomplete="current-password")


class PublicCheckForm(forms.Form):
    document_number = forms.RegexField(
        label=_("Document number"),
        regex=r"^\s*[Nn]\s*\d{7}\s*$",
        help_text=_("The letter N and seven digits, as on the card."),
        error_messages={"invalid": _("A document number is the letter N and seven digits.")},
    )
    personal_code = PersonalCodeField()

    def clean_document_number(self) -> str:
        return "".join(self.cleaned_data["document_number"].split()).upper()


class PinChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Which code"), choices=PIN_CHOICES, widget=forms.RadioSelect)
    old_pin = _digits(_("Current PIN"), 4, 12, autocomplete="current-password")
    new_pin = _digits(_("New PIN"), 4, 12, autocomplete="new-password")
    new_pin_again = _digits(_("New PIN again"), 4, 12, autocomplete="new-password")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("new_pin") and data.get("new_pin_again") and data["new_pin"] != data["new_pin_again"]:
            self.add_error("new_pin_again", _("The two new PINs differ."))
        if data.get("role") == "sign" and data.get("new_pin") and len(data["new_pin"]) < 5:
            self.add_error("new_pin", _("PIN2 is 5 to 12 digits."))
        return data


class PinUnblockForm(forms.Form):
    role = forms.ChoiceField(label=_("Which code to unblock"), choices=PIN_CHOICES, widget=forms.RadioSelect)
    puk = _digits(_("PUK"), 8, 12, autocomplete="off")
    new_pin = _digits(_("New PIN"), 4, 12, autocomplete="new-password")
    new_pin_again = _digits(_("New PIN again"), 4, 12, autocomplete="new-password")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("new_pin") and data.get("new_pin_again") and data["new_pin"] != data["new_pin_again"]:
            self.add_error("new_pin_again", _("The two new PINs differ."))
        if data.get("role") == "sign" and data.get("new_pin") and len(data["new_pin"]) < 5:
            self.add_error("new_pin", _("PIN2 is 5 to 12 digits."))
        return data


class SignForm(forms.Form):
    document = forms.FileField(label=_("PDF document"), help_text=_("A PDF file up to 10 MB."))
    reason = forms.CharField(label=_("Reason for signing"), max_length=200, required=False)
    pin2 = _digits(_("PIN2"), 5, 12, autocomplete="off")

    def __init__(self, *args, max_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["document"].widget.attrs["accept"] = "application/pdf,.pdf"

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).") % {"mb": self.max_bytes // 2**20}
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("The file is not a PDF."))
        return upload


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand"), required=True)
    reason = forms.CharField(label=_("What happened"), max_length=500, required=False)


class RevocationRequestForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=HolderRevocationReason.choices, widget=forms.RadioSelect)
    details = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    confirm = forms.BooleanField(
        label=_("I understand that the card is suspended now and revoked for good by the identity board."),
        required=True,
    )


class LocationForm(forms.Form):
    location = forms.ModelChoiceField(label=_("New pick-up location"), queryset=None, empty_label=_("Choose"))

    def __init__(self, *args, exclude_pk: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from eresidency.selectors import active_pickup_locations

        qs = active_pickup_locations()
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        self.fields["location"].queryset = qs


class BookingForm(forms.Form):
    slot = forms.UUIDField(widget=forms.HiddenInput)


class TravelDocumentForm(forms.Form):
    """What the official sees at the counter: the travel document, and a new one if that expired."""

    document_type = forms.ChoiceField(label=_("Document presented: type"), choices=DOCUMENT_TYPES)
    document_number = forms.CharField(label=_("Document presented: number"), max_length=20)
    document_country = forms.ChoiceField(label=_("Document presented: issuing country"), choices=COUNTRIES)
    new_document_type = forms.ChoiceField(
        label=_("New document (only if the one above has expired): type"), choices=DOCUMENT_TYPES, required=False
    )
    new_document_number = forms.CharField(label=_("New document: number"), max_length=20, required=False)
    new_document_country = forms.ChoiceField(
        label=_("New document: issuing country"), choices=COUNTRIES, required=False
    )
    new_document_expiry = forms.DateField(label=_("New document: valid until"), required=False, widget=DateInput())

    def presented(self):
        from digital_id.services import PresentedDocument

        data = self.cleaned_data
        return PresentedDocument(
            document_type=data["document_type"],
            number=data["document_number"].strip(),
            country=data["document_country"],
            new_document_type=data.get("new_document_type") or "",
            new_number=(data.get("new_document_number") or "").strip(),
            new_country=data.get("new_document_country") or "",
            new_expiry=data.get("new_document_expiry"),
        )


class HandOverForm(TravelDocumentForm):
    fingerprints = forms.BooleanField(label=_("The holder's fingerprints were taken"), required=True)


class ResumeForm(TravelDocumentForm):
    reason = forms.CharField(label=_("Note"), max_length=500, required=False)


class DeskSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Document number, personal identification code or name"), max_length=100, required=False
    )


class RevokeForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=RevocationChoice.choices)
    reason = forms.CharField(label=_("Explanation (recorded in the journal)"), widget=forms.Textarea(attrs={"rows": 3}))


class OfficialSuspendForm(forms.Form):
    """An identity official suspends a card for a holder who called the help line."""

    identity_checked = forms.BooleanField(
        label=_("I asked the identity questions and the caller answered them correctly."), required=True
    )
    reason = forms.CharField(
        label=_("What the caller said (recorded in the journal)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RenewalForm(forms.Form):
    travel_document_type = forms.ChoiceField(label=_("Travel document type"), choices=DocumentType.choices)
    travel_document_number = forms.CharField(label=_("Travel document number"), max_length=20)
    travel_document_country = forms.ChoiceField(label=_("Issuing country"), choices=COUNTRIES)
    travel_document_expiry = forms.DateField(label=_("Valid until"), widget=DateInput())
    pickup_location = forms.ModelChoiceField(label=_("Pick-up location"), queryset=None, empty_label=_("Choose"))
    confirm = forms.BooleanField(
        label=_("My name, date of birth and citizenship are unchanged since my current digital ID."), required=True
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from eresidency.selectors import active_pickup_locations

        self.fields["pickup_location"].queryset = active_pickup_locations()


class RenewalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (needed for a refusal)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
