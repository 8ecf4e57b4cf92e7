from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Data exchange")

    def ready(self) -> None:
        from accounts.constants import OFFICIAL_ROLES, Role
        from accounts.home import HomePanel, register_home_panel
        from exchange import panels

        register_home_panel(
            Role.APPLICANT,
            HomePanel("exchange_my_data", "exchange/partials/person_panel.html", panels.person_panel, 50),
        )
        for role in OFFICIAL_ROLES:
            register_home_panel(
                role,
                HomePanel("exchange_oversight", "exchange/partials/oversight_panel.html", panels.oversight_panel, 80),
            )
