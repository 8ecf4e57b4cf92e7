from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Business register")

    def ready(self) -> None:
        from accounts.constants import Role
        from accounts.home import HomePanel, register_home_panel
        from companies import (
            panels,
            tasks,  # noqa: F401  (registers the jobs the services ask for)
        )
        from companies.constants import PAYMENT_PURPOSE
        from companies.services import founding_settle_payment
        from payments.registry import register_settlement_handler

        register_settlement_handler(PAYMENT_PURPOSE, founding_settle_payment)
        register_home_panel(
            Role.APPLICANT,
            HomePanel("companies_founder", "companies/partials/founder_panel.html", panels.founder_panel, 20),
        )
        register_home_panel(
            Role.REGISTRAR,
            HomePanel("companies_queue", "companies/partials/registrar_panel.html", panels.registrar_panel, 10),
        )
