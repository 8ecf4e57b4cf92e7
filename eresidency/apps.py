from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EresidencyConfig(AppConfig):
    name = "eresidency"
    verbose_name = _("e-Residency")

    def ready(self) -> None:
        from accounts.constants import Role
        from accounts.home import HomePanel, register_home_panel
        from eresidency import events, panels, tasks  # noqa: F401  (events and jobs register on import)
        from eresidency.constants import PAYMENT_PURPOSE

        register_home_panel(
            Role.APPLICANT,
            HomePanel("eresidency_application", "eresidency/partials/applicant_panel.html", panels.applicant_panel, 10),
        )
        for role in (Role.IDENTITY_OFFICIAL, Role.AUDITOR):
            register_home_panel(
                role,
                HomePanel("eresidency_queue", "eresidency/partials/official_panel.html", panels.official_panel, 10),
            )
        from eresidency.services import application_settle_payment
        from payments.registry import register_payment_readers, register_receipt_sealer, register_settlement_handler

        register_settlement_handler(PAYMENT_PURPOSE, application_settle_payment)
        # Only the identity board's officials read the state-fee payments of its cases.
        register_payment_readers(PAYMENT_PURPOSE, [Role.IDENTITY_OFFICIAL])
        # Payments and trust are siblings and cannot import each other; this app sits above
        # both, so it tells payments how receipts are sealed.
        register_receipt_sealer(_seal_receipt)
        # E-residents are re-screened when a new sanctions list version loads.
        from eresidency import rescreen
        from screening.registry import register_subject_source

        register_subject_source(rescreen.SOURCE, rescreen.e_residents, on_new_hit=rescreen.new_hit)


def _seal_receipt(pdf: bytes) -> bytes:
    from trust.services import seal_pdf

    return seal_pdf(pdf, seal="system")
