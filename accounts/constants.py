from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant / e-resident")
    IDENTITY_OFFICIAL = "identity_official", _("Identity official")
    PICKUP_OFFICIAL = "pickup_official", _("Pick-up point official")
    REGISTRAR = "registrar", _("Registrar")
    TAX_OFFICER = "tax_officer", _("Tax officer")
    AUDITOR = "auditor", _("Auditor (read-only)")
    ADMINISTRATOR = "administrator", _("Administrator")


# Every role but the applicant's works on other people's data: two-factor login is required.
OFFICIAL_ROLES = frozenset(
    {
        Role.IDENTITY_OFFICIAL,
        Role.PICKUP_OFFICIAL,
        Role.REGISTRAR,
        Role.TAX_OFFICER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)
