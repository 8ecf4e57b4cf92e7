from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = _("Trust services")

    def ready(self) -> None:
        # The exchange (a lower layer) seals answers, time-stamps logs and signs agreements through these.
        from trust import (
            events,  # noqa: F401  (events register on import)
            exchange_hooks,
        )

        exchange_hooks.register()
