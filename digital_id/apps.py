from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalIdConfig(AppConfig):
    name = "digital_id"
    label = "digital_id"
    verbose_name = _("Digital ID")

    def ready(self) -> None:
        from accounts.constants import Role
        from accounts.home import HomePanel, register_home_panel
        from digital_id import (  # noqa: F401  (events and jobs register on import)
            events,
            exchange_services,
            panels,
            tasks,
        )
        from digital_id.constants import PICKUP_CHANGE_PURPOSE, RENEWAL_PURPOSE
        from digital_id.services import (
            on_application_approved,
            on_certificate_status_change,
            pickup_change_settle,
            renewal_settle_payment,
        )
        from eresidency.registry import register_approval_handler
        from payments.registry import register_payment_readers, register_settlement_handler
        from trust.registry import register_status_handler

        register_home_panel(
            Role.APPLICANT,
            HomePanel("digital_id", "digital_id/partials/holder_panel.html", panels.holder_panel, 5),
        )
        register_home_panel(
            Role.PICKUP_OFFICIAL,
            HomePanel("digital_id_desk", "digital_id/partials/pickup_panel.html", panels.pickup_panel, 10),
        )
        for role in (Role.IDENTITY_OFFICIAL, Role.AUDITOR):
            register_home_panel(
                role,
                HomePanel("digital_id_registry", "digital_id/partials/identity_panel.html", panels.identity_panel, 20),
            )
        register_settlement_handler(PICKUP_CHANGE_PURPOSE, pickup_change_settle)
        register_settlement_handler(RENEWAL_PURPOSE, renewal_settle_payment)
        for purpose in (PICKUP_CHANGE_PURPOSE, RENEWAL_PURPOSE):
            register_payment_readers(purpose, [Role.IDENTITY_OFFICIAL, Role.PICKUP_OFFICIAL])
        register_status_handler(on_certificate_status_change)
        register_approval_handler(on_application_approved)
        exchange_services.register()  # the identity board's services in the data exchange layer
