"""Forms validate and clean; services write. Every message says what to fix."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import mrz
from core.countries import COUNTRY_CHOICES
from core.forms import DateInput
from eresidency import constants, photos
from eresidency.constants import (
    GIVEN_NAMES_LINE,
    GIVEN_NAMES_MAX,
    SURNAME_MAX,
    DocumentType,
    ExceptionKind,
    MotivationCategory,
    Sex,
)
from eresidency.deadlines import age_on, document_valid_until_required, tallinn_date
from eresidency.models import Application, PickupLocation
from eresidency.selectors import QUEUE_STATES, active_pickup_locations, refusal_grounds

_NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-][^\W\d_]+)*$")
_PHONE = re.compile(r"^\+[1-9][0-9 ()\-]{5,22}$")
_DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")
COUNTRY_SELECT = [("", gettext_lazy("Choose a country")), *COUNTRY_CHOICES]


def _clean_name(value: str) -> str:
    value = " ".join(value.split())
    if not _NAME.match(value):
        raise ValidationError(
            _("Use letters only, as in your travel document; spaces, hyphens and apostrophes may separate names."),
            code="characters",
        )
    return value


def wrap_given_names(value: str) -> list[str] | None:
    """Split given names over the card's two lines of 15 characters, or None if they do not fit."""
    lines: list[str] = [""]
    for word in value.split(" "):
        candidate = f"{lines[-1]} {word}".strip()
        if len(candidate) <= GIVEN_NAMES_LINE:
            lines[-1] = candidate
        elif len(word) <= GIVEN_NAMES_LINE and len(lines) < 2:
            lines.append(word)
        else:
            return None
    return lines


class PersonalForm(forms.Form):
    given_names = forms.CharField(
        label=gettext_lazy("Given names"),
        max_length=GIVEN_NAMES_MAX,
        help_text=gettext_lazy("As in your travel document. The card has two lines of 15 characters for them."),
    )
    surname = forms.CharField(
        label=gettext_lazy("Surname"),
        max_length=SURNAME_MAX,
        help_text=gettext_lazy("As in your travel document, at most 28 characters."),
    )
    date_of_birth = forms.DateField(label=gettext_lazy("Date of birth"), widget=DateInput())
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    citizenship = forms.ChoiceField(label=gettext_lazy("Citizenship"), choices=COUNTRY_SELECT)
    residence_country = forms.ChoiceField(label=gettext_lazy("Country of residence"), choices=COUNTRY_SELECT)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=32,
        help_text=gettext_lazy("In international format, for example +372 5123 4567."),
    )

    def clean_given_names(self) -> str:
        value = _clean_name(self.cleaned_data["given_names"])
        if wrap_given_names(value) is None:
            raise ValidationError(
                _(
                    "Your given names do not fit the card's two lines of 15 characters. Each name can be at most "
                    "15 characters and all of them together at most 30, as in your travel document's "
                    "machine-readable zone."
                ),
                code="too_long",
            )
        return value

    def clean_surname(self) -> str:
        return _clean_name(self.cleaned_data["surname"])

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        today = tallinn_date()
        if born > today:
            raise ValidationError(_("The date of birth cannot be in the future."), code="future")
        if born.year < 1900:
            raise ValidationError(_("Check the year of birth."), code="too_old")
        if age_on(born, today) < constants.minimum_age():
            raise ValidationError(
                _("You must be at least %(age)s years old to apply.") % {"age": constants.minimum_age()},
                code="under_age",
            )
        return born

    def clean_phone(self) -> str:
        value = " ".join(self.cleaned_data["phone"].split())
        if not _PHONE.match(value):
            raise ValidationError(_("Give the number in international format, starting with + and the country code."))
        return value


class EligibilityForm(forms.Form):
    exception_kind = forms.ChoiceField(
        label=gettext_lazy("Does one of the legal exceptions apply to you?"),
        choices=ExceptionKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    exception_details = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "For residence: the country, your residence permit's number and validity, and since when you live "
            "there. For a company: its name and registry code, and your role."
        ),
    )
    exception_evidence = forms.FileField(
        label=gettext_lazy("Evidence"),
        required=False,
        help_text=gettext_lazy("Your residence permit, or proof of your role in the company (PDF, JPEG or PNG)."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        self.application = application
        super().__init__(*args, **kwargs)
        # Details and evidence are needed with any exception; the label must not say
        # "optional" (the field is only not required while no exception is chosen).
        for name in ("exception_details", "exception_evidence"):
            self.fields[name].required_with_choice = True
        if application.exception_evidence:
            self.fields["exception_evidence"].help_text = _(
                "You attached evidence already; upload a file only to replace it."
            )

    def clean_exception_evidence(self) -> Any:
        upload = self.cleaned_data.get("exception_evidence")
        return photos.clean_evidence(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("exception_kind") and not self.has_error("exception_kind"):
            # "None of these applies" is an answer, but not one that lets the form go on.
            self.add_error(
                "exception_kind",
                _(
                    "If none of the exceptions applies to you, you cannot submit an application while the restriction "
                    "is in force. If your citizenship is entered wrongly, correct it in the step “Personal data”."
                ),
            )
        if data.get("exception_kind"):
            if not (data.get("exception_details") or "").strip():
                self.add_error("exception_details", _("Describe how the exception applies to you."))
            if (
                not data.get("exception_evidence")
                and not self.application.exception_evidence
                and not self.has_error("exception_evidence")
            ):
                self.add_error("exception_evidence", _("Attach evidence for the exception."))
        return data


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(
        label=gettext_lazy("Document type"), choices=DocumentType.choices, widget=forms.RadioSelect
    )
    document_number = forms.CharField(label=gettext_lazy("Document number"), max_length=20)
    document_country = forms.ChoiceField(label=gettext_lazy("Issuing country"), choices=COUNTRY_SELECT)
    document_expiry = forms.DateField(label=gettext_lazy("Valid until"), widget=DateInput())
    mrz = forms.CharField(
        label=gettext_lazy("Machine-readable zone"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "mrz", "spellcheck": "false", "autocapitalize": "characters"}),
        help_text=gettext_lazy(
            "Optional. The lines with < signs at the bottom of the photo page: two lines of 44 characters in a "
            "passport, three lines of 30 on an identity card. We check them against the data you typed."
        ),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        self.application = application
        super().__init__(*args, **kwargs)
        required = document_valid_until_required(tallinn_date())
        self.fields["document_expiry"].help_text = _(
            "You collect the card with this same document, so it should be valid until at least %(date)s."
        ) % {"date": required.strftime("%d.%m.%Y")}

    def clean_document_number(self) -> str:
        value = mrz.normalise_document_number(self.cleaned_data["document_number"])
        if not _DOCUMENT_NUMBER.match(value):
            raise ValidationError(_("A document number has 5 to 20 letters and digits."))
        return value

    def clean_document_expiry(self) -> date:
        expiry = self.cleaned_data["document_expiry"]
        if expiry <= tallinn_date():
            raise ValidationError(_("This document has expired. Apply with a valid travel document."), code="expired")
        if expiry > tallinn_date() + timedelta(days=365 * 20):
            raise ValidationError(_("Check the expiry date."))
        return expiry

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text = (data.get("mrz") or "").strip()
        if not text or self.errors:
            data["mrz"] = "\n".join(mrz.split_lines(text)) if text else ""
            return data
        try:
            zone = mrz.parse(text)
        except mrz.MrzError as error:
            self.add_error("mrz", str(error))
            return data
        problems = zone.errors + mrz.mismatches(
            zone,
            document_type=data["document_type"],
            document_number=data["document_number"],
            document_country=data["document_country"],
            citizenship=self.application.citizenship,
            surname=self.application.surname,
            given_names=self.application.given_names,
            date_of_birth=self.application.date_of_birth,
            sex=self.application.sex,
            document_expiry=data["document_expiry"],
        )
        for problem in problems:
            self.add_error("mrz", problem)
        data["mrz"] = "\n".join(mrz.split_lines(text))
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=gettext_lazy("Photo"),
        help_text=gettext_lazy(
            "A passport-style colour photo taken within the last 6 months: JPEG, at least 600×800 pixels, "
            "plain light background, face straight to the camera. Camera data (such as location) is removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg"}),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = not application.photo

    def clean_photo(self) -> photos.CleanPhoto | None:
        upload = self.cleaned_data.get("photo")
        return photos.clean_photo(upload) if upload else None


class MotivationForm(forms.Form):
    motivation_category = forms.ChoiceField(
        label=gettext_lazy("Main reason for applying"),
        choices=[("", gettext_lazy("Choose a reason")), *MotivationCategory.choices],
    )
    motivation = forms.CharField(
        label=gettext_lazy("Your statement"),
        min_length=50,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Why do you need the e-resident's digital ID, and how will you use Estonian e-services? "
            "Name your business or planned company if you have one. At least 50 characters."
        ),
    )
    cv = forms.FileField(
        label=gettext_lazy("CV"),
        required=False,
        help_text=gettext_lazy("PDF. Helps the background check; list the companies you own or run."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    remove_cv = forms.BooleanField(label=gettext_lazy("Remove the CV I uploaded"), required=False)
    links = forms.CharField(
        label=gettext_lazy("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Your website, company or professional profile: one address per line, at most 5."),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not application.cv:
            del self.fields["remove_cv"]

    def clean_cv(self) -> photos.CleanDocument | None:
        upload = self.cleaned_data.get("cv")
        return photos.clean_pdf(upload) if upload else None

    def clean_links(self) -> list[str]:
        lines = [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines() if line.strip()]
        if len(lines) > constants.MAX_LINKS:
            raise ValidationError(_("Give at most %(n)s links.") % {"n": constants.MAX_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _("“%(link)s” is not a web address starting with https:// or http://.") % {"link": line[:100]}
                )
        return lines


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PickupLocation) -> str:
        return f"{obj.country_name} · {obj.city} · {obj.name} ({obj.get_kind_display()})"


class PickupForm(forms.Form):
    pickup_location = LocationChoiceField(
        label=gettext_lazy("Where will you collect your digital ID?"),
        queryset=PickupLocation.objects.none(),
        empty_label=gettext_lazy("Choose a location"),
        help_text=gettext_lazy(
            "You must collect the card in person, and your fingerprints are taken. Choose a place you can "
            "legally travel to. Changing it later costs a fee."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pickup_location"].queryset = active_pickup_locations()


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I confirm that the data I gave is correct, and I agree that the Police and Border Guard Board checks "
            "it, including against sanctions lists and other authorities' records."
        )
    )
    fee_understood = forms.BooleanField(
        label=gettext_lazy("I understand that the state fee is not refunded if the application is refused.")
    )


STEP_FORMS: dict[str, type[forms.Form]] = {
    "personal": PersonalForm,
    "eligibility": EligibilityForm,
    "document": DocumentForm,
    "photo": PhotoForm,
    "motivation": MotivationForm,
    "pickup": PickupForm,
    "consent": ConsentForm,
}
FORMS_NEEDING_APPLICATION = {"eligibility", "document", "photo", "motivation"}


def initial_for(step: str, application: Application) -> dict[str, Any]:
    if step == "personal":
        user = application.applicant
        return {
            "given_names": application.given_names or "",
            "surname": application.surname or "",
            "date_of_birth": application.date_of_birth,
            "sex": application.sex,
            "citizenship": application.citizenship,
            "residence_country": application.residence_country,
            "email": application.email or user.email,
            "phone": application.phone,
        }
    if step == "eligibility":
        return {"exception_kind": application.exception_kind, "exception_details": application.exception_details}
    if step == "document":
        return {
            "document_type": application.document_type,
            "document_number": application.document_number,
            "document_country": application.document_country,
            "document_expiry": application.document_expiry,
            "mrz": application.mrz,
        }
    if step == "motivation":
        return {
            "motivation_category": application.motivation_category,
            "motivation": application.motivation,
            "links": "\n".join(application.links or []),
        }
    if step == "pickup":
        return {"pickup_location": application.pickup_location_id}
    if step == "consent":
        return {"consent": bool(application.consent_at), "fee_understood": bool(application.consent_at)}
    return {}


class InfoAnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Your answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    file1 = forms.FileField(label=gettext_lazy("Attachment"), required=False)
    file2 = forms.FileField(label=gettext_lazy("Second attachment"), required=False)
    file3 = forms.FileField(label=gettext_lazy("Third attachment"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        files = []
        for name in ("file1", "file2", "file3"):
            upload = data.get(name)
            if upload:
                try:
                    files.append((photos.clean_evidence(upload), upload.name or ""))
                except ValidationError as error:
                    self.add_error(name, error)
        data["files"] = files
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you withdrawing?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I want to withdraw my application. I understand that the state fee is not refunded.")
    )


# --- Officials ----------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("All open"))] + [(s.value, s.label) for s in QUEUE_STATES],
    )
    flagged = forms.ChoiceField(
        label=gettext_lazy("Flags"),
        required=False,
        choices=[("", gettext_lazy("Any")), ("yes", gettext_lazy("Flagged")), ("no", gettext_lazy("Clear"))],
    )
    location = forms.ChoiceField(label=gettext_lazy("Pick-up location"), required=False)
    deadline = forms.ChoiceField(
        label=gettext_lazy("Deadline"),
        required=False,
        choices=[
            ("", gettext_lazy("Any")),
            ("overdue", gettext_lazy("Overdue")),
            ("7", gettext_lazy("Due within 7 days")),
            ("14", gettext_lazy("Due within 14 days")),
        ],
    )
    claimed = forms.ChoiceField(
        label=gettext_lazy("Claimed"),
        required=False,
        choices=[("", gettext_lazy("Any")), ("mine", gettext_lazy("By me")), ("unclaimed", gettext_lazy("Unclaimed"))],
    )
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", _("Any"))] + [
            (loc.code, f"{loc.city} · {loc.name}") for loc in PickupLocation.objects.order_by("city", "name")
        ]


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TakeOverForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why you take it over"),
        max_length=500,
        help_text=gettext_lazy("For example: the official who claimed it is away until Monday."),
    )


class RefuseForm(forms.Form):
    ground = forms.ModelChoiceField(
        label=gettext_lazy("Legal ground"), queryset=None, empty_label=gettext_lazy("Choose a ground")
    )
    reason = forms.CharField(
        label=gettext_lazy("Reasons given to the applicant"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The facts the decision rests on. They appear in the decision letter."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = refusal_grounds()
        self.fields["ground"].label_from_instance = lambda g: (
            f"{g.label} ({g.legal_reference})" if g.legal_reference else g.label
        )


class RequestInfoForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What do you need from the applicant?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deadline = forms.DateField(label=gettext_lazy("Answer by"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = tallinn_date() + timedelta(days=constants.info_request_default_days())

    def clean_deadline(self) -> date:
        deadline = self.cleaned_data["deadline"]
        today = tallinn_date()
        if deadline <= today:
            raise ValidationError(_("The deadline must be a future date."))
        if (deadline - today).days > constants.info_request_max_days():
            raise ValidationError(
                _("The deadline can be at most %(n)s days away.") % {"n": constants.info_request_max_days()}
            )
        return deadline
