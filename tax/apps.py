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
        from companies.registry import register_company_registered_handler
        from tax import (
            panels,
            tasks,  # noqa: F401  (registers the jobs the services ask for)
        )
        from tax.services import taxpayer_account_open_on_registration

        register_home_panel(
            Role.APPLICANT, HomePanel("tax_companies", "tax/partials/companies_panel.html", panels.companies_panel, 30)
        )
        for role in (Role.TAX_OFFICER, Role.AUDITOR):
            register_home_panel(
                role, HomePanel("tax_officer", "tax/partials/officer_panel.html", panels.officer_panel, 30)
            )
        # The register tells the tax board of each new company (no import upward).
        register_company_registered_handler(taxpayer_account_open_on_registration)
