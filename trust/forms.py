from django import forms
from django.utils.translation import gettext_lazy as _

from trust.constants import CertificateKind, CertificateStatus


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or personal code"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *CertificateKind.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CertificateStatus.choices]
    )
