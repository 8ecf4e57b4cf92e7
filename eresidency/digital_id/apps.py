from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalIdConfig(AppConfig):
    name = "eresidency.digital_id"
    label = "digital_id"
    verbose_name = _("Digital ID")
