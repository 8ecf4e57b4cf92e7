import importlib.util

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxConfig(AppConfig):
    name = "tax"
    verbose_name = _("Tax board")

    def ready(self) -> None:
        # Rules are data: a malformed file stops the start here, loudly, naming the place.
        from tax import rules

        rules.install(rules.load_rules())

        from accounts.constants import Role
        from accounts.home import HomePanel, register_home_panel
        from tax import panels

        register_home_panel(
            Role.APPLICANT, HomePanel("tax_companies", "tax/partials/companies_panel.html", panels.companies_panel, 30)
        )
        for role in (Role.TAX_OFFICER, Role.AUDITOR):
            register_home_panel(
                role, HomePanel("tax_officer", "tax/partials/officer_panel.html", panels.officer_panel, 30)
            )
        # The business register is built beside this app; until it is merged, its hook
        # may be missing. The coordinator makes this unconditional after merging.
        if importlib.util.find_spec("companies.registry") is not None:
            from companies.registry import register_company_registered_handler

            from tax.services import taxpayer_account_open_on_registration

            register_company_registered_handler(taxpayer_account_open_on_registration)
