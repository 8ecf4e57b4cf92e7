"""Reference data people read, listed for the translation catalogue: the legal basis of
the fees (the act's name; the source addresses beside it are for auditors and are not
shown to payers, see ``accounts.templatetags.data_i18n.legal_basis``)."""

from django.utils.translation import gettext_noop

FEE_LEGAL_BASES = [
    gettext_noop("State Fees Act (Riigilõivuseadus)"),
    gettext_noop("programme launch 01.12.2014"),
]
