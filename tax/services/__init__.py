"""The tax board's writes: ``<entity>_<verb>(*, …, actor)``, each in one transaction."""

from tax.services.accounts import (
    board_members_sync,
    mandate_grant,
    mandate_revoke,
    person_add,
    taxpayer_account_open,
    taxpayer_account_open_on_registration,
    vat_registration_apply,
    vat_registration_decide,
)

__all__ = [
    "board_members_sync",
    "mandate_grant",
    "mandate_revoke",
    "person_add",
    "taxpayer_account_open",
    "taxpayer_account_open_on_registration",
    "vat_registration_apply",
    "vat_registration_decide",
]
