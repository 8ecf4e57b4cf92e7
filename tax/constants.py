from django.db import models
from django.utils.translation import gettext_lazy as _

REGISTER_ACTOR = "register"  # journal actor label for accounts opened by the register's hook


class ReturnKind(models.TextChoices):
    TSD = "TSD", _("TSD: income and social tax, unemployment insurance, funded pension")
    KMD = "KMD", _("KMD: value added tax, with KMD INF")


class ReturnState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("filed")
    SUPERSEDED = "superseded", _("superseded by an amendment")


class ReturnSource(models.TextChoices):
    FORM = "form", _("web form")
    JSON = "json", _("JSON file")
    CSV = "csv", _("CSV file")


class SignerRole(models.TextChoices):
    BOARD_MEMBER = "board_member", _("board member")
    ACCOUNTANT = "accountant", _("authorised accountant")


class VatApplicationKind(models.TextChoices):
    MANDATORY = "mandatory", _("mandatory (taxable supplies passed the threshold)")
    VOLUNTARY = "voluntary", _("voluntary")


class VatApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("registered")
    REFUSED = "refused", _("refused")


class MandateState(models.TextChoices):
    ACTIVE = "active", _("in force")
    REVOKED = "revoked", _("revoked")


PENSION_RATE_CHOICES = [("0", "0 %"), ("2", "2 %"), ("4", "4 %"), ("6", "6 %")]
