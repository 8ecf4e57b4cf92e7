"""The public upload form."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from trust.validation import max_bytes, policies
from trust.validation.errors import DocumentTooLarge

VIEW_SIMPLE = "simple"
VIEW_DETAILED = "detailed"


class ValidationForm(forms.Form):
    document = forms.FileField(
        label=_("Signed PDF document"),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Choose a PDF file to validate."), "empty": _("The file is empty.")},
    )
    policy = forms.ChoiceField(
        label=_("Validation policy"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the validation policies offered.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        field.help_text = _("A signed PDF file of at most %(limit)s. The file is checked and then discarded.") % {
            "limit": filesizeformat(max_bytes())
        }
        field.widget.attrs["aria-describedby"] = "id_document_help"
        self.fields["policy"].choices = policies.choices()
        self.fields["policy"].initial = policies.default_policy_name()

    def full_clean(self):
        super().full_clean()
        if self.is_bound and "document" in self.errors:
            self.fields["document"].widget.attrs["aria-describedby"] = "id_document_help id_document_error"
            self.fields["document"].widget.attrs["aria-invalid"] = "true"

    def clean_document(self):
        upload = self.cleaned_data["document"]
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(DocumentTooLarge(limit).message, code="too_large")
        return upload


def view_choice(data) -> str:
    """The report view asked for ("simple" unless "detailed"), rendered as plain radio
    buttons in a fieldset on the upload page."""
    return VIEW_DETAILED if data.get("view") == VIEW_DETAILED else VIEW_SIMPLE


class ReportTokenForm(forms.Form):
    """The signed report carried by the result page's buttons (view toggle, PDF download)."""

    report = forms.CharField(widget=forms.HiddenInput)
