from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from accounts.constants import Role
        from accounts.home import HomePanel, register_home_panel
        from payments import events, panels, tasks  # noqa: F401  (events and jobs register on import)

        register_home_panel(
            Role.APPLICANT, HomePanel("payments", "payments/partials/home_panel.html", panels.payer_panel, order=80)
        )
        register_home_panel(
            Role.ADMINISTRATOR,
            HomePanel("payments_ops", "payments/partials/ops_panel.html", panels.operations_panel, order=60),
        )
