from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EresidencyConfig(AppConfig):
    name = "eresidency"
    verbose_name = _("e-Residency")
