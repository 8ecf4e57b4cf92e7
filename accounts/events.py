"""The journal events of accounts, named once, with the text an official reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.events import event

USER = "accounts.user"

REGISTERED = event(USER, "register", official=_("The person registered an account."))
EMAIL_VERIFIED = event(USER, "verify_email", official=_("The person verified their e-mail address."))
SECOND_FACTOR_ENROLLED = event(USER, "enrol_second_factor", official=_("The person enrolled a second factor."))
